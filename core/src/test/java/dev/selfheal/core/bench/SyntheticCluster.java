package dev.selfheal.core.bench;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.AgentProtocol;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.health.VolumeAttachmentView;
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
    private static final Duration AGENT_LEASE = Duration.ofSeconds(AgentProtocol.HEARTBEAT_DURATION_SECONDS);
    private static final String[] OK_CONDITIONS = {"MemoryPressure", "DiskPressure", "PIDPressure",
        "NetworkUnavailable", "KernelDeadlock", "ReadonlyFilesystem", "FrequentKubeletRestart",
        "FrequentContainerdRestart", "KubeletUnhealthy", "ContainerRuntimeUnhealthy", "KubeProxyUnhealthy",
        AgentProtocol.ESCALATION_CONDITION};

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

    private void addNode(int i, int podsPerNode) {
        String name = String.format("node-%05d", i);
        Instant created = NOW.minus(Duration.ofDays(3)).plusSeconds(i);
        Map<String, ConditionView> conditions = healthyConditions(created);
        Instant nodeRenew = NOW.minusSeconds(i % 10);
        Instant agentRenew = NOW.minusSeconds(i % 2);
        int crashRestarts = 0;
        int terminating = 0;
        MachineView machine = i % 10 == 0 ? machine(name, PowerState.ON, false) : null;
        switch (i % 200) {
            case 1 -> { // dead machine, nobody answers: unreachable, with pods being deleted
                conditions.put("Ready", cond("Ready", "Unknown", NOW.minusSeconds(80)));
                nodeRenew = NOW.minusSeconds(120);
                agentRenew = NOW.minusSeconds(120);
                terminating = 3;
                plant(FailureClass.NODE_UNREACHABLE);
            }
            case 2 -> { // powered off a moment ago: the provider says so before Kubernetes does
                nodeRenew = NOW.minusSeconds(45);
                agentRenew = NOW.minusSeconds(45);
                machine = machine(name, PowerState.OFF, false);
                plant(FailureClass.MACHINE_DOWN);
            }
            case 3 -> { // kubelet dead, agent alive
                conditions.put("Ready", cond("Ready", "Unknown", NOW.minusSeconds(50)));
                conditions.put("KubeletUnhealthy", cond("KubeletUnhealthy", "True", NOW.minusSeconds(58)));
                nodeRenew = NOW.minusSeconds(60);
                plant(FailureClass.COMPONENT_FAILURE);
            }
            case 4 -> { // kernel deadlock on a node that still looks Ready
                conditions.put("KernelDeadlock", cond("KernelDeadlock", "True", NOW.minusSeconds(120)));
                plant(FailureClass.OS_FAILURE);
            }
            case 5 -> { // registered 700 s ago, never Ready
                created = NOW.minusSeconds(700);
                conditions = healthyConditions(created);
                conditions.put("Ready", cond("Ready", "False", created.plusSeconds(1)));
                plant(FailureClass.NODE_STARTUP_FAILURE);
            }
            case 6 -> { // a crash-looping pod on a working node
                crashRestarts = 8;
                plant(FailureClass.POD_FAILURE);
            }
            case 7 -> { // failed status checks and not Ready
                conditions.put("Ready", cond("Ready", "Unknown", NOW.minusSeconds(50)));
                nodeRenew = NOW.minusSeconds(60);
                agentRenew = NOW.minusSeconds(60);
                machine = machine(name, PowerState.ON, true);
                plant(FailureClass.MACHINE_IMPAIRED);
            }
            case 8 -> { // the agent gave up restarting the container runtime
                conditions.put(AgentProtocol.ESCALATION_CONDITION,
                        new ConditionView(AgentProtocol.ESCALATION_CONDITION, "True", "container-runtime",
                                "5 restarts did not help", NOW.minusSeconds(5), NOW));
                plant(FailureClass.COMPONENT_FAILURE);
            }
            case 50, 150 -> { // suspect only: a late heartbeat and a young crash loop
                nodeRenew = NOW.minusSeconds(25);
                crashRestarts = 2;
            }
            default -> {
            }
        }
        nodes.put(name, node(name, i, created, conditions));
        nodeLeases.put(name, new LeaseView(name, name, nodeRenew, NODE_LEASE));
        agentLeases.put(name, new LeaseView(AgentProtocol.agentLeaseName(name), name, agentRenew, AGENT_LEASE));
        if (machine != null) {
            machines.put(name, machine);
        }
        addPods(name, i, podsPerNode, crashRestarts, terminating);
    }

    private void plant(FailureClass fc) {
        expected.merge(fc, 1, Integer::sum);
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
        return new NodeView(name, UUID.nameUUIDFromBytes(name.getBytes()).toString(), "aws:///zone-" + (i % 3) + "/i-"
                + Integer.toHexString(0x10000000 + i), labels, annotations, taints, new ArrayList<>(conditions.values()),
                created, false);
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
            ContainerView app = new ContainerView("app", restarts, j == 4 && crashRestarts > 0 ? "CrashLoopBackOff" : null,
                    crashRestarts == 0 || j != 4);
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
