package dev.selfheal.core.bench;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.health.VolumeAttachmentView;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A synthetic cluster for {@link JudgingBenchmark}: healthy nodes with the conditions a node with
 * node-problem-detector and the Selfheal agent carries, their Leases, pods and volume attachments, and in every
 * 200 nodes one node of each planted failure plus one suspect-only node per 100.
 */
final class SyntheticCluster {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration NODE_LEASE = Duration.ofSeconds(40);
    private static final Duration AGENT_LEASE = Duration.ofSeconds(AgentLease.DURATION_SECONDS);
    private static final String[] OK_CONDITIONS = {"MemoryPressure", "DiskPressure", "PIDPressure",
        "NetworkUnavailable", "KernelDeadlock", "ReadonlyFilesystem", "FrequentKubeletRestart",
        "FrequentContainerdRestart", "KubeletUnhealthy", "ContainerRuntimeUnhealthy", "KubeProxyUnhealthy",
        AgentConditions.ESCALATION};

    private final Map<String, NodeView> nodes = new HashMap<>();
    private final Map<String, LeaseView> nodeLeases = new HashMap<>();
    private final Map<String, LeaseView> agentLeases = new HashMap<>();
    private final Map<String, List<PodView>> pods = new HashMap<>();
    private final Map<String, List<VolumeAttachmentView>> attachments = new HashMap<>();
    private final Map<String, MachineView> machines = new HashMap<>();
    private final Map<FailureClass, Integer> expected = new EnumMap<>(FailureClass.class);
    private int podCount;
    private int attachmentCount;

    private SyntheticCluster() {
    }

    static SyntheticCluster build(int nodeCount, int podsPerNode) {
        SyntheticCluster c = new SyntheticCluster();
        for (int i = 0; i < nodeCount; i++) {
            c.addNode(i, podsPerNode);
        }
        return c;
    }

    Instant now() {
        return NOW;
    }

    ClusterSnapshot snapshot() {
        return new ClusterSnapshot(NOW, Map.copyOf(nodes), Map.copyOf(nodeLeases), Map.copyOf(agentLeases),
                Map.copyOf(pods), Map.copyOf(attachments), Map.copyOf(machines));
    }

    Map<FailureClass, Integer> expected() {
        return expected;
    }

    int nodeCount() {
        return nodes.size();
    }

    int podCount() {
        return podCount;
    }

    int attachmentCount() {
        return attachmentCount;
    }

    int machineCount() {
        return machines.size();
    }

    /** What one node looks like; healthy unless a failure is planted. */
    private static final class Plan {
        Instant created;
        Map<String, ConditionView> conditions;
        Instant nodeRenew;
        Instant agentRenew;
        int crashRestarts;
        int terminating;
        MachineView machine;
        FailureClass planted;

        Plan(int i, String name) {
            created = NOW.minus(Duration.ofDays(3)).plusSeconds(i);
            conditions = healthyConditions(created);
            nodeRenew = NOW.minusSeconds(i % 10);
            agentRenew = NOW.minusSeconds(i % 2);
            machine = i % 10 == 0 ? machine(name, PowerState.ON, false) : null;
        }

        void notReadyFor(long seconds) {
            conditions.put("Ready", cond("Ready", "Unknown", NOW.minusSeconds(seconds)));
        }

        void silentFor(long node, long agent) {
            nodeRenew = NOW.minusSeconds(node);
            agentRenew = NOW.minusSeconds(agent);
        }
    }

    private void addNode(int i, int podsPerNode) {
        String name = String.format("node-%05d", i);
        Plan p = new Plan(i, name);
        plantFailure(i % 200, name, p);
        if (p.planted != null) {
            expected.merge(p.planted, 1, Integer::sum);
        }
        nodes.put(name, node(name, i, p.created, p.conditions));
        nodeLeases.put(name, new LeaseView(name, name, p.nodeRenew, NODE_LEASE));
        agentLeases.put(name, new LeaseView(AgentLease.nameOf(name), name, p.agentRenew, AGENT_LEASE));
        if (p.machine != null) {
            machines.put(name, p.machine);
        }
        addPods(name, i, podsPerNode, p.crashRestarts, p.terminating);
    }

    private static void plantFailure(int slot, String name, Plan p) {
        switch (slot) {
            case 1 -> { // dead machine, nobody answers: unreachable, with pods being deleted
                p.notReadyFor(80);
                p.silentFor(120, 120);
                p.terminating = 3;
                p.planted = FailureClass.NODE_UNREACHABLE;
            }
            case 2 -> { // powered off a moment ago: the provider says so before Kubernetes does
                p.silentFor(45, 45);
                p.machine = machine(name, PowerState.OFF, false);
                p.planted = FailureClass.MACHINE_DOWN;
            }
            case 3 -> { // kubelet dead, agent alive
                p.notReadyFor(50);
                p.conditions.put("KubeletUnhealthy", cond("KubeletUnhealthy", "True", NOW.minusSeconds(58)));
                p.silentFor(60, 0);
                p.planted = FailureClass.COMPONENT_FAILURE;
            }
            case 4 -> { // kernel deadlock on a node that still looks Ready
                p.conditions.put("KernelDeadlock", cond("KernelDeadlock", "True", NOW.minusSeconds(120)));
                p.planted = FailureClass.OS_FAILURE;
            }
            case 5 -> { // registered 700 s ago, never Ready
                p.created = NOW.minusSeconds(700);
                p.conditions = healthyConditions(p.created);
                p.conditions.put("Ready", cond("Ready", "False", p.created.plusSeconds(1)));
                p.planted = FailureClass.NODE_STARTUP_FAILURE;
            }
            case 6 -> { // a crash-looping pod on a working node
                p.crashRestarts = 8;
                p.planted = FailureClass.POD_FAILURE;
            }
            case 7 -> { // failed status checks and not Ready
                p.notReadyFor(50);
                p.silentFor(60, 60);
                p.machine = machine(name, PowerState.ON, true);
                p.planted = FailureClass.MACHINE_IMPAIRED;
            }
            case 8 -> { // the agent gave up restarting the container runtime
                p.conditions.put(AgentConditions.ESCALATION, new ConditionView(
                        AgentConditions.ESCALATION, "True", "container-runtime", "5 restarts did not help",
                        NOW.minusSeconds(5), NOW));
                p.planted = FailureClass.COMPONENT_FAILURE;
            }
            case 50, 150 -> { // suspect only: a late heartbeat and a young crash loop
                p.nodeRenew = NOW.minusSeconds(25);
                p.crashRestarts = 2;
            }
            default -> {
            }
        }
    }

    private static Map<String, ConditionView> healthyConditions(Instant created) {
        Map<String, ConditionView> out = new java.util.LinkedHashMap<>();
        out.put("Ready", cond("Ready", "True", created.plusSeconds(40)));
        for (String type : OK_CONDITIONS) {
            out.put(type, cond(type, "False", created.plusSeconds(30)));
        }
        return out;
    }

    private static ConditionView cond(String type, String status, Instant transition) {
        return new ConditionView(type, status, status.equals("True") ? type + "Detected" : "NoProblem",
                status.equals("True") ? type + " was detected" : "", transition, NOW.minusSeconds(5));
    }

    private static NodeView node(String name, int i, Instant created, Map<String, ConditionView> conditions) {
        Map<String, String> labels = Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
                "kubernetes.io/arch", "amd64", "topology.kubernetes.io/zone", "zone-" + (i % 3),
                "node.kubernetes.io/instance-type", "m5.2xlarge", "node-role.kubernetes.io/worker", "");
        Map<String, String> annotations = Map.of("node.alpha.kubernetes.io/ttl", "0",
                "volumes.kubernetes.io/controller-managed-attach-detach", "true");
        List<TaintView> taints = i % 50 == 0 ? List.of(new TaintView("dedicated", "infra", "NoSchedule")) : List.of();
        String providerId = "aws:///zone-" + (i % 3) + "/i-" + Integer.toHexString(0x10000000 + i);
        return new NodeView(name, UUID.nameUUIDFromBytes(name.getBytes()).toString(), providerId, labels, annotations,
                taints, new ArrayList<>(conditions.values()), created, false);
    }

    private static MachineView machine(String node, PowerState power, boolean impaired) {
        return new MachineView(node, power, impaired, impaired ? "INSTANCE_STATUS: impaired" : "",
                NOW.minusSeconds(3), true);
    }

    private void addPods(String node, int i, int podsPerNode, int crashRestarts, int terminating) {
        List<PodView> list = new ArrayList<>(podsPerNode);
        List<VolumeAttachmentView> vas = new ArrayList<>();
        for (int j = 0; j < podsPerNode; j++) {
            String ns = "team-" + (j % 25);
            String name = "app-" + i + "-" + j;
            String kind = switch (j % 10) {
                case 0 -> "StatefulSet";
                case 1, 2 -> "DaemonSet";
                case 3 -> "Job";
                default -> "ReplicaSet";
            };
            String phase = kind.equals("Job") && j % 20 == 3 ? "Succeeded" : "Running";
            Instant deletion = j < terminating ? NOW.minusSeconds(90) : null;
            List<String> claims = kind.equals("StatefulSet") ? List.of("data-" + name) : List.of();
            int restarts = j == 4 ? crashRestarts : j % 3;
            boolean looping = j == 4 && crashRestarts > 0;
            ContainerView app = new ContainerView("app", restarts, looping ? "CrashLoopBackOff" : null, !looping);
            ContainerView sidecar = new ContainerView("proxy", 0, null, true);
            list.add(new PodView(ns, name, UUID.nameUUIDFromBytes((node + name).getBytes()).toString(), node, phase,
                    kind, "owner-" + (j % 10), deletion, claims, List.of(app, sidecar)));
            if (!claims.isEmpty()) {
                vas.add(new VolumeAttachmentView("csi-" + name, node, "pv-" + name, true, null));
            }
        }
        podCount += list.size();
        attachmentCount += vas.size();
        pods.put(node, List.copyOf(list));
        attachments.put(node, List.copyOf(vas));
    }
}
