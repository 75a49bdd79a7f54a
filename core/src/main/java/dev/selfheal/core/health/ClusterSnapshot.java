package dev.selfheal.core.health;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the cluster as the watches saw it at {@link #takenAt()}: nodes, node Leases, agent
 * heartbeats, pods and volume attachments grouped by node, and the last provider answers. Checks read it;
 * nothing writes through it. Collections are unmodifiable.
 *
 * @param takenAt when the snapshot was taken
 * @param nodes nodes by name
 * @param nodeLeases node heartbeat Leases ({@code kube-node-lease}) by node name
 * @param agentLeases node agent heartbeat Leases by node name
 * @param podsByNode pods by the node they are bound to
 * @param attachmentsByNode volume attachments by node
 * @param machines last provider answers by node name
 */
public record ClusterSnapshot(Instant takenAt, Map<String, NodeView> nodes, Map<String, LeaseView> nodeLeases,
                              Map<String, LeaseView> agentLeases, Map<String, List<PodView>> podsByNode,
                              Map<String, List<VolumeAttachmentView>> attachmentsByNode, Map<String, MachineView> machines) {

    /** An empty snapshot. */
    public static ClusterSnapshot empty(Instant at) {
        return new ClusterSnapshot(at, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** A node by name. */
    public Optional<NodeView> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** All nodes. */
    public Collection<NodeView> allNodes() {
        return nodes.values();
    }

    /** The node's heartbeat Lease. */
    public Optional<LeaseView> nodeLease(String node) {
        return Optional.ofNullable(nodeLeases.get(node));
    }

    /** The node agent's heartbeat Lease. */
    public Optional<LeaseView> agentLease(String node) {
        return Optional.ofNullable(agentLeases.get(node));
    }

    /** Pods bound to the node. */
    public List<PodView> pods(String node) {
        return podsByNode.getOrDefault(node, List.of());
    }

    /** Volume attachments to the node. */
    public List<VolumeAttachmentView> attachments(String node) {
        return attachmentsByNode.getOrDefault(node, List.of());
    }

    /** The last provider answer about the node's machine. */
    public Optional<MachineView> machine(String node) {
        return Optional.ofNullable(machines.get(node));
    }
}
