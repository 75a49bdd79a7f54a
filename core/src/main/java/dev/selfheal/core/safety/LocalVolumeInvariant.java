package dev.selfheal.core.safety;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LocalVolumeView;
import java.util.List;

/**
 * A machine whose node holds claimed node-local PersistentVolumes ({@code local} or {@code hostPath} pinned to
 * its hostname) is not replaced: their data goes with the machine. {@code recovery.replaceWithLocalVolumes}
 * allows it. Every replace path calls {@link #requireReplaceable} first.
 */
public final class LocalVolumeInvariant {

    private LocalVolumeInvariant() {
    }

    /** The claimed local volumes of the node that forbid replacing its machine; empty when it may be replaced. */
    public static List<LocalVolumeView> blocking(String node, ClusterSnapshot snapshot, boolean replaceWithLocalVolumes) {
        if (replaceWithLocalVolumes) {
            return List.of();
        }
        return snapshot.localVolumes(node).stream().filter(LocalVolumeView::claimed).toList();
    }

    /**
     * Passes when the node's machine may be replaced.
     *
     * @throws LocalVolumesHeldException otherwise, naming the volumes and claims
     */
    public static void requireReplaceable(String node, ClusterSnapshot snapshot, boolean replaceWithLocalVolumes) {
        List<LocalVolumeView> held = blocking(node, snapshot, replaceWithLocalVolumes);
        if (!held.isEmpty()) {
            throw new LocalVolumesHeldException(node, held);
        }
    }

    /** Thrown when something tries to replace a machine whose node holds claimed local volumes. */
    public static final class LocalVolumesHeldException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LocalVolumesHeldException(String node, List<LocalVolumeView> held) {
            super("node " + node + " holds local PersistentVolumes " + held + " whose data replacing its machine would"
                    + " destroy; not replacing it (recovery.replaceWithLocalVolumes allows it)");
        }
    }
}
