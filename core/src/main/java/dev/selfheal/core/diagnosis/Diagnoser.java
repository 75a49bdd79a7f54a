package dev.selfheal.core.diagnosis;

import static dev.selfheal.core.diagnosis.Findings.NODE_DOWN;
import static dev.selfheal.core.diagnosis.Findings.POD_SYMPTOMS;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.ComponentOrder;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the root layer and failure class of a node's problem from the UNHEALTHY verdicts of all checks (SUSPECT
 * and HEALTHY ones are not evidence). Pure and stateless; rules by symptom, not by check name, so custom checks
 * take part. First rule that matches:
 * <ol>
 *   <li>machine {@code OFF}/{@code GONE} -> {@link FailureClass#MACHINE_DOWN}, unless the node proved alive after
 *       the provider answered (Ready and heartbeat renewed after that answer: the answer is stale);</li>
 *   <li>node down (not Ready or heartbeat lost) or never started, and machine impaired ->
 *       {@link FailureClass#MACHINE_IMPAIRED};</li>
 *   <li>startup timeout -> {@link FailureClass#NODE_STARTUP_FAILURE};</li>
 *   <li>node down and its agent alive (agent Lease within its duration, no AGENT_SILENT verdict): an OS condition
 *       -> {@link FailureClass#OS_FAILURE} (the lowest failing layer); else {@link FailureClass#COMPONENT_FAILURE}
 *       of the component the agent reports down or escalated (lowest in {@link ComponentOrder#ORDER} first),
 *       or of the kubelet when the agent reports none (the kubelet owns the node's heartbeat and status);</li>
 *   <li>node down and its agent silent or absent -> {@link FailureClass#NODE_UNREACHABLE}, whatever the
 *       provider says of a running machine: Kubernetes cannot reach it;</li>
 *   <li>node up and an OS condition -> {@link FailureClass#OS_FAILURE};</li>
 *   <li>node up and a component down or escalated by the agent -> {@link FailureClass#COMPONENT_FAILURE};</li>
 *   <li>pod symptoms only -> {@link FailureClass#POD_FAILURE};</li>
 *   <li>otherwise (nothing, or only an unanswered provider, an impaired machine under a working node, or a
 *       silent agent on a working node: nothing Kubernetes misses) -> empty.</li>
 * </ol>
 * A diagnosis of a lower layer takes the node's pod symptoms (stuck, held, attached, crash-looping) as evidence:
 * the node causes them, so they never make a separate pod failure. The evidence lists the root-cause verdicts
 * first; {@code since} is the earliest since of the evidence.
 */
public final class Diagnoser {

    /** A diagnoser; it has no state or parameters. */
    public Diagnoser() {
    }

    /**
     * Diagnoses a node.
     *
     * @param node the node
     * @param verdicts the verdicts of every check about this node (verdicts about other nodes are ignored)
     * @param snapshot the snapshot the verdicts were judged on
     * @param now the time of judging
     * @return the diagnosis, or empty when nothing calls for one
     */
    public Optional<Diagnosis> diagnose(NodeView node, List<Verdict> verdicts, ClusterSnapshot snapshot, Instant now) {
        Findings f = Findings.of(node.name(), verdicts);
        if (f == null) {
            return Optional.empty();
        }
        Diagnosis d = machineDown(node, f, snapshot, now);
        if (d == null && f.has(Symptom.NODE_HEARTBEAT_LOST, Symptom.NODE_NOT_READY, Symptom.NODE_STARTUP_TIMEOUT)) {
            d = nodeDown(node, f, snapshot, now);
        }
        if (d == null) {
            d = nodeUp(node, f);
        }
        return Optional.ofNullable(d);
    }

    private Diagnosis machineDown(NodeView node, Findings f, ClusterSnapshot snapshot, Instant now) {
        List<Verdict> machine = f.all(Symptom.MACHINE_GONE, Symptom.MACHINE_OFF);
        if (machine.isEmpty() || aliveAfter(node, snapshot, machine.get(0).since())) {
            return null;
        }
        String state = machine.get(0).symptom() == Symptom.MACHINE_GONE ? "gone" : "powered off";
        return diagnosis(node, FailureClass.MACHINE_DOWN, null, machine, f,
                "the provider reports the machine " + state + downPhrase(f, now, ", and the node has "));
    }

    private Diagnosis nodeDown(NodeView node, Findings f, ClusterSnapshot snapshot, Instant now) {
        if (f.has(Symptom.MACHINE_IMPAIRED)) {
            Verdict impaired = f.all(Symptom.MACHINE_IMPAIRED).get(0);
            return diagnosis(node, FailureClass.MACHINE_IMPAIRED, null, List.of(impaired), f,
                    "the provider reports the machine impaired" + downPhrase(f, now, " and the node has ")
                            + (f.has(Symptom.NODE_STARTUP_TIMEOUT) ? " and the node" + startupPhrase(f, now) : ""));
        }
        if (f.has(Symptom.NODE_STARTUP_TIMEOUT)) {
            return diagnosis(node, FailureClass.NODE_STARTUP_FAILURE, null, f.all(Symptom.NODE_STARTUP_TIMEOUT), f,
                    "the node" + startupPhrase(f, now));
        }
        if (!agentAlive(node, f, snapshot, now)) {
            List<Verdict> cause = f.all(Symptom.AGENT_SILENT, Symptom.MACHINE_UNANSWERED);
            String agent = snapshot.agentLease(node.name()).isPresent()
                    ? "its agent is silent" : "no agent is deployed";
            return diagnosis(node, FailureClass.NODE_UNREACHABLE, null, cause, f,
                    "the node has " + downPhrase(f, now, "") + " and " + agent + machinePhrase(snapshot, node));
        }
        if (f.has(Symptom.OS_CONDITION)) {
            return diagnosis(node, FailureClass.OS_FAILURE, null, f.all(Symptom.OS_CONDITION), f,
                    osPhrase(f) + " while the node has " + downPhrase(f, now, ""));
        }
        List<Verdict> components = componentVerdicts(f);
        Component component = components.isEmpty() ? Component.KUBELET : componentOf(components.get(0));
        String reported = components.isEmpty() ? "not reported by the agent"
                : components.get(0).symptom() == Symptom.AGENT_ESCALATION ? "escalated by the agent"
                : "reported down by the agent";
        return diagnosis(node, FailureClass.COMPONENT_FAILURE, component, components, f,
                component.id() + " " + reported + " while the node has " + downPhrase(f, now, "")
                        + " and its agent heartbeats");
    }

    private Diagnosis nodeUp(NodeView node, Findings f) {
        if (f.has(Symptom.OS_CONDITION)) {
            return diagnosis(node, FailureClass.OS_FAILURE, null, f.all(Symptom.OS_CONDITION), f,
                    osPhrase(f) + " on a working node");
        }
        List<Verdict> components = componentVerdicts(f);
        if (!components.isEmpty()) {
            Component component = componentOf(components.get(0));
            String how = components.get(0).symptom() == Symptom.AGENT_ESCALATION
                    ? " escalated by the agent after failed restarts" : " reported down by the agent";
            return diagnosis(node, FailureClass.COMPONENT_FAILURE, component, components, f,
                    (component == null ? "a component" : component.id()) + how + " on a working node");
        }
        if (f.has(POD_SYMPTOMS)) {
            List<Verdict> pods = f.all(POD_SYMPTOMS);
            return diagnosis(node, FailureClass.POD_FAILURE, null, pods, f, "pods fail on a working node: "
                    + pods.get(0).evidence());
        }
        return null;
    }

    /** A diagnosis with the cause verdicts first, then the node-down verdicts, then node-bound pod verdicts. */
    private static Diagnosis diagnosis(NodeView node, FailureClass fc, Component component, List<Verdict> cause,
                                       Findings f, String summary) {
        List<Verdict> down = fc == FailureClass.POD_FAILURE ? List.of()
                : f.all(Symptom.NODE_HEARTBEAT_LOST, Symptom.NODE_NOT_READY, Symptom.NODE_STARTUP_TIMEOUT);
        List<Verdict> pods = fc.layer().compareTo(Layer.PODS) < 0
                ? f.all(POD_SYMPTOMS) : List.of();
        List<Verdict> evidence = Findings.concat(cause, down, pods);
        return new Diagnosis(node.name(), fc, component, evidence, Findings.earliestSince(evidence), summary);
    }

    /** The component verdicts, root cause first: by component, then escalations before plain reports. */
    private static List<Verdict> componentVerdicts(Findings f) {
        List<Verdict> out = new ArrayList<>(f.all(Symptom.AGENT_ESCALATION, Symptom.COMPONENT_DOWN));
        out.sort(Comparator.comparingInt((Verdict v) -> {
            Component c = componentOf(v);
            return c == null ? Integer.MAX_VALUE : ComponentOrder.rank(c);
        }).thenComparing(v -> v.symptom() == Symptom.AGENT_ESCALATION ? 0 : 1));
        return out;
    }

    private static Component componentOf(Verdict v) {
        return v.attribute("component").flatMap(Component::ofId).orElse(null);
    }

    /** Whether the agent heartbeats: its Lease renewed within its duration and no check found it silent. */
    static boolean agentAlive(NodeView node, Findings f, ClusterSnapshot snapshot, Instant now) {
        if (f.has(Symptom.AGENT_SILENT)) {
            return false;
        }
        LeaseView lease = snapshot.agentLeases().get(node.name());
        if (lease == null || lease.renewTime() == null) {
            return false;
        }
        Duration valid = lease.duration() != null ? lease.duration()
                : Duration.ofSeconds(AgentLease.DURATION_SECONDS);
        return !now.isAfter(lease.renewTime().plus(valid));
    }

    /** Whether the node is Ready and heartbeated after {@code t}. */
    static boolean aliveAfter(NodeView node, ClusterSnapshot snapshot, Instant t) {
        if (!node.isReady()) {
            return false;
        }
        Instant last = snapshot.nodeLease(node.name()).map(LeaseView::renewTime)
                .orElseGet(() -> node.condition("Ready").map(c -> c.lastHeartbeat()).orElse(null));
        return last != null && last.isAfter(t);
    }

    private static String downPhrase(Findings f, Instant now, String prefix) {
        Verdict first = f.earliest(NODE_DOWN);
        if (first == null) {
            return "";
        }
        String what = first.symptom() == Symptom.NODE_HEARTBEAT_LOST ? "had no heartbeat" : "not been Ready";
        return prefix + what + " for " + human(Duration.between(first.since(), now));
    }

    private static String startupPhrase(Findings f, Instant now) {
        Verdict v = f.earliest(Symptom.NODE_STARTUP_TIMEOUT);
        return v == null ? "" : " never became Ready in the " + human(Duration.between(v.since(), now))
                + " since it registered";
    }

    private static String osPhrase(Findings f) {
        Verdict v = f.earliest(Symptom.OS_CONDITION);
        return "condition " + v.attribute("condition").orElse("(unnamed)") + " is True";
    }

    private static String machinePhrase(ClusterSnapshot snapshot, NodeView node) {
        MachineView m = snapshot.machines().get(node.name());
        if (m == null) {
            return "";
        }
        if (!m.answered() || m.power() == PowerState.UNKNOWN) {
            return "; the provider gave no usable answer";
        }
        return "; the provider reports the machine " + m.power() + (m.impaired() ? " and impaired" : "");
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
        }
        return (s % 3600) / 60 == 0 ? s / 3600 + " h" : s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
