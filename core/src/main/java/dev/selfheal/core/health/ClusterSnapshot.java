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
 * @param localVolumesByHost node-local PersistentVolumes by the {@code kubernetes.io/hostname} they are pinned to
 */
public record ClusterSnapshot(Instant takenAt, Map<String, NodeView> nodes, Map<String, LeaseView> nodeLeases,
                              Map<String, LeaseView> agentLeases, Map<String, List<PodView>> podsByNode,
                              Map<String, List<VolumeAttachmentView>> attachmentsByNode, Map<String, MachineView> machines,
                              Map<String, List<LocalVolumeView>> localVolumesByHost) {

    /** The label that names a node's host in PersistentVolume node affinity. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    /** An empty snapshot. */
    public static ClusterSnapshot empty(Instant at) {
        return new ClusterSnapshot(at, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** A snapshot of nodes, Leases, pods, attachments and machines, with no local PersistentVolume. */
    public ClusterSnapshot(Instant takenAt, Map<String, NodeView> nodes, Map<String, LeaseView> nodeLeases,
                           Map<String, LeaseView> agentLeases, Map<String, List<PodView>> podsByNode,
                           Map<String, List<VolumeAttachmentView>> attachmentsByNode, Map<String, MachineView> machines) {
        this(takenAt, nodes, nodeLeases, agentLeases, podsByNode, attachmentsByNode, machines, Map.of());
    }

    /**
     * The node-local PersistentVolumes pinned to a node's host (its {@value #HOSTNAME_LABEL} label, else its
     * name): data that lives on that machine only.
     */
    public List<LocalVolumeView> localVolumes(String node) {
        NodeView n = nodes.get(node);
        String host = n == null ? node : n.labels().getOrDefault(HOSTNAME_LABEL, node);
        return localVolumesByHost.getOrDefault(host, List.of());
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
