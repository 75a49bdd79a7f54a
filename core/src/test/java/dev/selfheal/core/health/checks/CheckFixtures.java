package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.VolumeAttachmentView;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders of nodes, pods and snapshots for tests of checks and diagnosis, all relative to a fixed {@link #NOW}. */
public final class CheckFixtures {

    /** The fixed "now" of the tests. */
    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** When the fixture nodes were created, unless told otherwise. */
    public static final Instant CREATED = NOW.minus(Duration.ofDays(1));

    private CheckFixtures() {
    }

    /** {@code seconds} before {@link #NOW}. */
    public static Instant ago(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    /** A condition without reason, last heartbeat at {@link #NOW}. */
    public static ConditionView cond(String type, String status, Instant lastTransition) {
        return new ConditionView(type, status, "", "", lastTransition, NOW);
    }

    /** A condition with a reason and a message. */
    public static ConditionView cond(String type, String status, String reason, String message, Instant lastTransition) {
        return new ConditionView(type, status, reason, message, lastTransition, NOW);
    }

    /** A node with these conditions, created at {@code created}. */
    public static NodeView node(String name, Instant created, ConditionView... conditions) {
        return new NodeView(name, "uid-" + name, "test:///" + name, Map.of(), Map.of(), List.of(), List.of(conditions),
                created, false);
    }

    /** A node created a day ago, Ready since 23 hours ago, with more conditions. */
    public static NodeView ready(String name, ConditionView... more) {
        List<ConditionView> all = new ArrayList<>(List.of(more));
        all.add(0, cond("Ready", "True", CREATED.plusSeconds(3600)));
        return node(name, CREATED, all.toArray(ConditionView[]::new));
    }

    /** A node created a day ago whose Ready condition has {@code status} since {@code since}, with more conditions. */
    public static NodeView notReady(String name, String status, Instant since, ConditionView... more) {
        List<ConditionView> all = new ArrayList<>(List.of(more));
        all.add(0, cond("Ready", status, "Unknown".equals(status) ? "NodeStatusUnknown" : "KubeletNotReady",
                "Unknown".equals(status) ? "Kubelet stopped posting node status." : "container runtime is down", since));
        return node(name, CREATED, all.toArray(ConditionView[]::new));
    }

    /** A Lease renewed at {@code renewed}. */
    public static LeaseView lease(String name, Instant renewed, Duration duration) {
        return new LeaseView(name, name, renewed, duration);
    }

    /** A running pod owned by {@code ownerKind}, not terminating, with these containers. */
    public static PodView pod(String key, String node, String ownerKind, ContainerView... containers) {
        return pod(key, node, ownerKind, "Running", null, containers);
    }

    /** A pod. */
    public static PodView pod(String key, String node, String ownerKind, String phase, Instant deletion,
                              ContainerView... containers) {
        String[] nn = key.split("/");
        return new PodView(nn[0], nn[1], "uid-" + key, node, phase, ownerKind, ownerKind == null ? null : "owner",
                deletion, List.of(), List.of(containers));
    }

    /** A container in CrashLoopBackOff after {@code restarts} restarts. */
    public static ContainerView crashLooping(String name, int restarts) {
        return new ContainerView(name, restarts, "CrashLoopBackOff", false);
    }

    /** A machine view the provider answered. */
    public static MachineView machine(String node, PowerState power, boolean impaired, Instant at) {
        return new MachineView(node, power, impaired, impaired ? "SYSTEM_CHECK: failed" : "", at, true);
    }

    /** A new snapshot builder. */
    public static SnapshotBuilder snapshot() {
        return new SnapshotBuilder();
    }

    /** Collects the parts of a {@link ClusterSnapshot} taken at {@link #NOW}. */
    public static final class SnapshotBuilder {
        private final Map<String, NodeView> nodes = new HashMap<>();
        private final Map<String, LeaseView> nodeLeases = new HashMap<>();
        private final Map<String, LeaseView> agentLeases = new HashMap<>();
        private final Map<String, List<PodView>> pods = new HashMap<>();
        private final Map<String, List<VolumeAttachmentView>> attachments = new HashMap<>();
        private final Map<String, MachineView> machines = new HashMap<>();

        /** Adds nodes. */
        public SnapshotBuilder nodes(NodeView... ns) {
            for (NodeView n : ns) {
                nodes.put(n.name(), n);
            }
            return this;
        }

        /** Adds a node Lease (40 s duration) renewed at {@code renewed}. */
        public SnapshotBuilder nodeLease(String node, Instant renewed) {
            nodeLeases.put(node, lease(node, renewed, Duration.ofSeconds(40)));
            return this;
        }

        /** Adds a node Lease. */
        public SnapshotBuilder nodeLease(String node, LeaseView lease) {
            nodeLeases.put(node, lease);
            return this;
        }

        /** Adds an agent Lease (10 s duration) renewed at {@code renewed}. */
        public SnapshotBuilder agentLease(String node, Instant renewed) {
            agentLeases.put(node, lease("selfheal-agent-" + node, renewed, Duration.ofSeconds(10)));
            return this;
        }

        /** Adds pods, each under its node. */
        public SnapshotBuilder pods(PodView... ps) {
            for (PodView p : ps) {
                pods.computeIfAbsent(p.nodeName(), k -> new ArrayList<>()).add(p);
            }
            return this;
        }

        /** Adds a volume attachment. */
        public SnapshotBuilder attachment(String name, String node, boolean attached) {
            attachments.computeIfAbsent(node, k -> new ArrayList<>())
                    .add(new VolumeAttachmentView(name, node, "pv-" + name, attached, null));
            return this;
        }

        /** Adds a machine view. */
        public SnapshotBuilder machine(MachineView m) {
            machines.put(m.nodeName(), m);
            return this;
        }

        /** The snapshot, taken at {@link #NOW}. */
        public ClusterSnapshot build() {
            Map<String, List<PodView>> p = new HashMap<>();
            pods.forEach((k, v) -> p.put(k, List.copyOf(v)));
            Map<String, List<VolumeAttachmentView>> a = new HashMap<>();
            attachments.forEach((k, v) -> a.put(k, List.copyOf(v)));
            return new ClusterSnapshot(NOW, Map.copyOf(nodes), Map.copyOf(nodeLeases), Map.copyOf(agentLeases),
                    Map.copyOf(p), Map.copyOf(a), Map.copyOf(machines));
        }
    }
}
