package dev.selfheal.core.kube;

import dev.selfheal.core.health.AgentProtocol;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.LocalVolumeView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.VolumeAttachmentView;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
        String node = AgentProtocol.nodeOfAgentLease(old == null ? now.name() : old.name());
        if (node != null) {
            agentLeases.set(node, now);
            changed.run();
        }
    }

    void pod(PodView old, PodView now) {
        String key = old == null ? now.key() : old.key();
        String oldNode = old == null ? null : old.nodeName();
        String newNode = now == null ? null : now.nodeName();
        if (oldNode != null && !oldNode.equals(newNode)) {
            VersionedMap.replace(podsByNode, oldNode, PodView::key, key, null);
        }
        if (newNode != null) {
            VersionedMap.replace(podsByNode, newNode, PodView::key, key, now);
        }
        if (oldNode != null || newNode != null) {
            changed.run();
        }
    }

    void attachment(VolumeAttachmentView old, VolumeAttachmentView now) {
        String name = old == null ? now.name() : old.name();
        String oldNode = old == null ? null : old.nodeName();
        String newNode = now == null ? null : now.nodeName();
        if (oldNode != null && !oldNode.equals(newNode)) {
            VersionedMap.replace(attachmentsByNode, oldNode, VolumeAttachmentView::name, name, null);
        }
        if (newNode != null) {
            VersionedMap.replace(attachmentsByNode, newNode, VolumeAttachmentView::name, name, now);
        }
        changed.run();
    }

    void localVolume(LocalVolumeView old, LocalVolumeView now) {
        String name = old == null ? now.name() : old.name();
        String oldHost = old == null ? null : old.host();
        String newHost = now == null ? null : now.host();
        if (oldHost != null && !oldHost.equals(newHost)) {
            VersionedMap.replace(localVolumesByHost, oldHost, LocalVolumeView::name, name, null);
        }
        if (newHost != null) {
            VersionedMap.replace(localVolumesByHost, newHost, LocalVolumeView::name, name, now);
        }
        changed.run();
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
