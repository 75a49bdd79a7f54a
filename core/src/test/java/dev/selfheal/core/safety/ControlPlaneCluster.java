package dev.selfheal.core.safety;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A cluster of control-plane nodes, their etcd pods and agents' conditions, for the control-plane rules' tests. */
final class ControlPlaneCluster {

    static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    static final String CP = NodeView.CONTROL_PLANE_LABEL;

    private final Map<String, NodeView> nodes = new HashMap<>();
    private final Map<String, List<PodView>> pods = new HashMap<>();
    private final Map<String, LeaseView> leases = new HashMap<>();

    /** A Ready control-plane node. */
    ControlPlaneCluster master(String name) {
        return node(name, "True", Map.of(CP, ""));
    }

    /** A node with a Ready status and labels, its Lease renewed a second ago for 40 s. */
    ControlPlaneCluster node(String name, String ready, Map<String, String> labels) {
        leases.put(name, new LeaseView(name, name, NOW.minusSeconds(1), Duration.ofSeconds(40)));
        nodes.put(name, new NodeView(name, "uid-" + name, null, labels, Map.of(), List.of(),
                List.of(new ConditionView("Ready", ready, "", "", NOW.minusSeconds(600), NOW)), NOW.minusSeconds(3600), false));
        return this;
    }

    /** Sets the node's Lease renewal (null: no Lease). */
    ControlPlaneCluster lease(String node, Instant renewed) {
        if (renewed == null) {
            leases.remove(node);
        } else {
            leases.put(node, new LeaseView(node, node, renewed, Duration.ofSeconds(40)));
        }
        return this;
    }

    /** Adds a condition to a node (an agent's report). */
    ControlPlaneCluster condition(String node, String type, String status) {
        NodeView n = nodes.get(node);
        List<ConditionView> c = new ArrayList<>(n.conditions());
        c.add(new ConditionView(type, status, "", "", NOW.minusSeconds(60), NOW));
        nodes.put(node, new NodeView(n.name(), n.uid(), null, n.labels(), Map.of(), List.of(), c, n.createdAt(), false));
        return this;
    }

    /** The etcd mirror pod of a node, Running and ready or not. */
    ControlPlaneCluster etcdPod(String node, boolean ready) {
        pods.computeIfAbsent(node, k -> new ArrayList<>()).add(new PodView("kube-system", "etcd-" + node, "pod-" + node, node,
                "Running", "Node", node, null, List.of(), List.of(new ContainerView("etcd", 0, null, ready))));
        return this;
    }

    ClusterSnapshot snapshot() {
        return new ClusterSnapshot(NOW, nodes, leases, Map.of(), pods, Map.of(), Map.of());
    }

    /** A remediation of the node, unhealthy since {@code since}, that reached {@code step} through the steps before it. */
    static Remediation at(String node, FailureClass fc, String component, List<String> ladder, String step, Instant since) {
        Remediation r = Remediation.start("id-" + node, node, "uid-" + node, fc, component, ladder, "h", since, "")
                .moveTo(RemediationState.REMEDIATING, since, "").continuing(since, List.of());
        while (!r.currentStep().orElseThrow().equals(step)) {
            r = r.stepFinished("failed", since, "");
        }
        return r;
    }

    /** A remediation of an unreachable node at {@code step}. */
    static Remediation at(String node, String step) {
        return at(node, FailureClass.NODE_UNREACHABLE, null, List.of("restart-component", "reboot", "fence", "release", "replace",
                "remove-node"), step, NOW.minusSeconds(600));
    }

    /** What the step gates get for this step. */
    StepGateInput input(Remediation r, boolean destructive, boolean agentAlive, Instant now) {
        return new StepGateInput(r, r.currentStep().orElseThrow(), destructive, snapshot(), agentAlive, now);
    }

    /** A destructive (or a reboot) step of a remediation, asked now with the agent silent. */
    StepGateInput input(Remediation r) {
        return input(r, !r.currentStep().orElseThrow().equals("reboot"), false, NOW);
    }
}
