package dev.selfheal.core.kube;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.LocalVolumeView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.VolumeAttachmentView;
import dev.selfheal.protocol.AgentLease;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The healer's picture of the cluster, fed change by change from the watch events: nodes, node and agent
 * Leases by node name, pods and volume attachments grouped by node and local PersistentVolumes grouped by host
 * (each list is an immutable list replaced on write), and machine answers. {@link #snapshot} costs a few map copies at most, and nothing for
 * the parts that did not change since the last snapshot.
 */
final class ClusterState {

    private final VersionedMap<NodeView> nodes = new VersionedMap<>();
    private final VersionedMap<LeaseView> nodeLeases = new VersionedMap<>();
    private final VersionedMap<LeaseView> agentLeases = new VersionedMap<>();
    private final VersionedMap<List<PodView>> podsByNode = new VersionedMap<>();
    private final VersionedMap<List<VolumeAttachmentView>> attachmentsByNode = new VersionedMap<>();
    private final VersionedMap<MachineView> machines = new VersionedMap<>();
    private final VersionedMap<List<LocalVolumeView>> localVolumesByHost = new VersionedMap<>();
    private final Runnable changed;

    /** @param changed run after every change */
    ClusterState(Runnable changed) {
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    void node(NodeView old, NodeView now) {
        nodes.set(old == null ? now.name() : old.name(), now);
        changed.run();
    }

    void nodeLease(LeaseView old, LeaseView now) {
        nodeLeases.set(old == null ? now.name() : old.name(), now);
        changed.run();
    }

    void agentLease(LeaseView old, LeaseView now) {
        String node = AgentLease.nodeOf(old == null ? now.name() : old.name());
        if (node != null) {
            agentLeases.set(node, now);
            changed.run();
        }
    }

    void pod(PodView old, PodView now) {
        if (regroup(podsByNode, PodView::key, PodView::nodeName, old, now)) {
            changed.run();
        }
    }

    void attachment(VolumeAttachmentView old, VolumeAttachmentView now) {
        regroup(attachmentsByNode, VolumeAttachmentView::name, VolumeAttachmentView::nodeName, old, now);
        changed.run();
    }

    void localVolume(LocalVolumeView old, LocalVolumeView now) {
        regroup(localVolumesByHost, LocalVolumeView::name, LocalVolumeView::host, old, now);
        changed.run();
    }

    /**
     * Moves an item from the list of its old group to the list of its new one (either may be null: added,
     * deleted, or in no group); returns whether it is or was in a group.
     */
    private static <V> boolean regroup(VersionedMap<List<V>> groups, Function<V, String> id, Function<V, String> group,
                                       V old, V now) {
        String key = id.apply(old == null ? now : old);
        String oldGroup = old == null ? null : group.apply(old);
        String newGroup = now == null ? null : group.apply(now);
        if (oldGroup != null && !oldGroup.equals(newGroup)) {
            VersionedMap.replace(groups, oldGroup, id, key, null);
        }
        if (newGroup != null) {
            VersionedMap.replace(groups, newGroup, id, key, now);
        }
        return oldGroup != null || newGroup != null;
    }

    void machine(MachineView machine) {
        machines.set(machine.nodeName(), machine);
        changed.run();
    }

    /** How many nodes, for logs. */
    int nodeCount() {
        return nodes.size();
    }

    /** An immutable snapshot. */
    ClusterSnapshot snapshot(Instant at) {
        return new ClusterSnapshot(at, nodes.copy(), nodeLeases.copy(), agentLeases.copy(), podsByNode.copy(),
                attachmentsByNode.copy(), machines.copy(), localVolumesByHost.copy());
    }
}
