package dev.selfheal.core.health;

import java.time.Instant;
import java.util.List;

/**
 * What the healer knows of a Pod.
 *
 * @param namespace the namespace
 * @param name the name
 * @param uid the uid
 * @param nodeName the node it is bound to, or null
 * @param phase the phase
 * @param ownerKind the controller owner's kind ({@code ReplicaSet}, {@code StatefulSet}, {@code DaemonSet}, ...), or null
 * @param ownerName the controller owner's name, or null
 * @param deletionTimestamp when deletion was requested, or null
 * @param claimNames the PersistentVolumeClaims it mounts
 * @param containers container statuses
 */
public record PodView(String namespace, String name, String uid, String nodeName, String phase, String ownerKind,
                      String ownerName, Instant deletionTimestamp, List<String> claimNames, List<ContainerView> containers) {

    /** Copies the lists. */
    public PodView {
        claimNames = List.copyOf(claimNames);
        containers = List.copyOf(containers);
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** Whether deletion was requested. */
    public boolean isTerminating() {
        return deletionTimestamp != null;
    }

    /** Whether a StatefulSet owns it. */
    public boolean isStatefulSetPod() {
        return "StatefulSet".equals(ownerKind);
    }

    /** Whether a DaemonSet owns it (such pods stay with their node). */
    public boolean isDaemonSetPod() {
        return "DaemonSet".equals(ownerKind);
    }

    /** Whether it is a static pod's mirror, which its Node owns (it stays with its node, as a DaemonSet pod does). */
    public boolean isMirrorPod() {
        return "Node".equals(ownerKind);
    }

    /** Whether it finished (Succeeded or Failed). */
    public boolean isFinished() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
