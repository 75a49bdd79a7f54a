package dev.selfheal.core.health;

/**
 * A node-local PersistentVolume ({@code spec.local} or {@code spec.hostPath}) pinned by its required node
 * affinity to one host: its data lives on that machine's disks, so it can be used on no other node and is lost
 * when the machine is replaced.
 *
 * @param name the PersistentVolume name
 * @param host the value of the {@code kubernetes.io/hostname} label it is pinned to
 * @param claim the claim bound to it as {@code namespace/name}, or null when unclaimed (no data to lose)
 */
public record LocalVolumeView(String name, String host, String claim) {

    /** Whether a claim holds the volume, so it may carry data. */
    public boolean claimed() {
        return claim != null;
    }

    @Override
    public String toString() {
        return name + (claim == null ? "" : " (claim " + claim + ")");
    }
}
