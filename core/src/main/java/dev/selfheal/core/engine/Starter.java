package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.explain.Explainer;
import dev.selfheal.core.explain.Explanation;
import dev.selfheal.core.explain.Subject;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.remediation.Flaps;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.safety.DomainCounts;
import dev.selfheal.core.safety.DryRunGate;
import dev.selfheal.core.safety.GateDecision;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.core.safety.NodeAttemptsGate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells diagnoses and starts new remediations where every gate allows, on the decision thread: it reads the
 * snapshot, the records and the machine facts, and hands the new record to the engine to persist.
 */
final class Starter {

    private static final Logger LOG = LoggerFactory.getLogger(Starter.class);

    private final EngineParts parts;
    private final Notifier notify;
    private final Explainer explainer;

    Starter(EngineParts parts, Notifier notify) {
        this.parts = parts;
        this.notify = notify;
        this.explainer = new Explainer(parts.gates(), parts.ladders(), parts.steps(), parts.config().recovery());
    }

    /** Tells each node's diagnosis once, when it appears or changes class. */
    void reportDiagnoses(Judge.Result judged, Map<String, NodeState> nodes) {
        judged.byNode().forEach((node, j) -> {
            FailureClass now = j.diagnosis().map(Diagnosis::failureClass).orElse(null);
            NodeState st = now == null ? nodes.get(node) : nodes.computeIfAbsent(node, NodeState::new);
            if (st == null) {
                return;
            }
            FailureClass before = st.lastDiagnosed;
            st.lastDiagnosed = now;
            if (now != null && now != before) {
                Diagnosis d = j.diagnosis().get();
                notify.tell(Notice.of(node, null, EventReason.Diagnosed, d.failureClass() + " (" + d.rootLayer() + " layer): "
                        + d.summary()).withListener(l -> l.onDiagnosed(d)));
            }
        });
        nodes.values().removeIf(st -> !judged.byNode().containsKey(st.node) && st.forgettable());
    }

    /**
     * How many nodes look unhealthy now, in the cluster and per failure domain.
     *
     * @param nodes in the cluster
     * @param domains per failure domain
     */
    record Sick(int nodes, DomainCounts domains) {
    }

    /** Gates every diagnosed node without a remediation, oldest failure first, and starts those allowed. */
    void startNew(Judge.Result judged, ClusterSnapshot snapshot, Instant now, Sick sick, Map<String, NodeState> nodes,
                  Function<NodeView, Optional<MachineFacts>> facts, BiFunction<NodeState, Decision, Instant> perform) {
        List<Diagnosis> diagnosed = judged.byNode().values().stream().flatMap(j -> j.diagnosis().stream())
                .sorted(Comparator.comparing(Diagnosis::since)).toList();
        for (Diagnosis d : diagnosed) {
            NodeState st = nodes.computeIfAbsent(d.node(), NodeState::new);
            Optional<NodeView> node = snapshot.node(d.node());
            if (st.busy || st.active() || node.isEmpty() || st.backingOff(now)) {
                continue;
            }
            try {
                Optional<MachineFacts> known = facts.apply(node.get());
                if (MachineFacts.needed(d.failureClass(), parts.gateway().hasProviders()) && !settled(known)) {
                    waitingForFacts(st, d, known);
                    continue; // the machine probe is asking; its answer triggers the next look
                }
                GateInput in = input(st, node.get(), d, snapshot, sick, nodes, known, now);
                start(st, in, () -> explain(node.get(), judged.byNode().get(d.node()), in, st, known), perform);
            } catch (RuntimeException e) {
                LOG.warn("gating node {} failed; the other nodes go on", d.node(), e);
            }
        }
    }

    /**
     * Explains a node as {@link #startNew} would gate it now: its judgement, and, when it is diagnosed and has no
     * remediation in progress, every gate's decision and the ladder that would run.
     */
    Explanation explain(NodeView node, Judgement j, ClusterSnapshot snapshot, Instant now, Sick sick,
                        Map<String, NodeState> nodes, Optional<MachineFacts> known) {
        NodeState st = nodes.getOrDefault(node.name(), new NodeState(node.name()));
        Optional<GateInput> in = j.diagnosis().filter(d -> !st.active())
                .map(d -> input(st, node, d, snapshot, sick, nodes, known, now));
        return explainer.explain(subject(node, j, snapshot, now, in, st, known));
    }

    private Explanation explain(NodeView node, Judgement j, GateInput in, NodeState st, Optional<MachineFacts> known) {
        return explainer.explain(subject(node, j, in.snapshot(), in.now(), Optional.of(in), st, known));
    }

    private static Subject subject(NodeView node, Judgement j, ClusterSnapshot snapshot, Instant now, Optional<GateInput> in,
                                   NodeState st, Optional<MachineFacts> known) {
        return new Subject(node, snapshot, now, j.verdicts(), j.diagnosis(), in, st.activeRemediation(),
                known.flatMap(MachineFacts::machine), known.map(MachineFacts::capabilities).orElse(Set.of()),
                StepViews.agentAlive(snapshot, node.name(), now));
    }

    private static GateInput input(NodeState st, NodeView node, Diagnosis d, ClusterSnapshot snapshot, Sick sick,
                                   Map<String, NodeState> nodes, Optional<MachineFacts> known, Instant now) {
        return new GateInput(node, d, snapshot, sick.nodes(), active(nodes, d.node()),
                Optional.ofNullable(st.stored).map(Stored::remediation), now, known.map(MachineFacts::refused), sick.domains());
    }

    /** Whether the providers' answer about the node's machine is in: known, or refused for good. */
    private static boolean settled(Optional<MachineFacts> facts) {
        return facts.map(f -> f.complete() || f.refused() != null).orElse(false);
    }

    private void waitingForFacts(NodeState st, Diagnosis d, Optional<MachineFacts> facts) {
        String why = facts.map(MachineFacts::transientError).orElse(null);
        if (why != null) {
            blocked(st, d, GateDecision.deny("machine-facts", "waiting for the provider's answer about the machine: " + why), null);
        }
    }

    private void start(NodeState st, GateInput in, Supplier<Explanation> plan, BiFunction<NodeState, Decision, Instant> perform) {
        GateDecision decision = parts.gates().evaluate(in);
        if (!decision.allowed()) {
            boolean dryRun = DryRunGate.NAME.equals(decision.gate());
            blocked(st, in.diagnosis(), decision, dryRun && !decision.reason().equals(st.lastBlocked)
                    ? () -> decision.gate() + ": " + plan.get().summary() : null);
            return;
        }
        st.lastBlocked = null;
        Diagnosis d = in.diagnosis();
        List<String> ladder = parts.ladders().ladder(d.failureClass());
        Remediation fresh = Remediation.start(UUID.randomUUID().toString(), d.node(), in.node().uid(), d.failureClass(),
                d.failedComponent().map(c -> c.id()).orElse(null), ladder, parts.config().identity(), in.now(), d.summary())
                .withAttempt(NodeAttemptsGate.nextAttempt(in, parts.config().gates().attemptWindow()))
                .continuing(d.since(), List.of());
        Optional<Remediation> flapped = in.previous().filter(p -> Flaps.flapped(p, in.node().uid(), d.failureClass(), d.since(),
                parts.config().gates().flapWindow()));
        Remediation r = flapped.map(p -> Flaps.continuing(fresh, p, this::destructive)).orElse(fresh);
        String continued = flapped.map(p -> "; " + (d.since().isAfter(p.updatedAt()) ? "the node failed again "
                + human(Duration.between(p.updatedAt(), d.since())) + " after" : "the node was not healthy again since")
                + " remediation " + p.id() + " ended (" + p.state() + "): the same failure, unhealthy since "
                + r.unhealthySince() + (r.tried().isEmpty() ? "" : ", passing by " + r.tried())).orElse("");
        st.pending = r;
        perform.apply(st, new Decision.Save(r, List.of(Notice.of(r.node(), r.id(), EventReason.RemediationStarted, "attempt "
                + r.attempt() + " for " + d.failureClass() + ": " + d.summary() + "; ladder " + ladder + continued)
                .withListener(l -> l.onStarted(r)))));
    }

    private boolean destructive(String step) {
        return parts.steps().step(step).map(RecoveryStep::destructive).orElse(true);
    }

    private static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 120 ? s + " s" : s / 60 + " min";
    }

    /** Tells a denial once per reason; a dry run's plan is told with its explanation ({@code plan}, when given). */
    private void blocked(NodeState st, Diagnosis d, GateDecision decision, Supplier<String> plan) {
        if (decision.reason().equals(st.lastBlocked)) {
            return;
        }
        st.lastBlocked = decision.reason();
        boolean dryRun = DryRunGate.NAME.equals(decision.gate());
        String text = plan != null ? plan.get() : decision.gate() + ": " + decision.reason();
        notify.tell(Notice.of(d.node(), null, dryRun ? EventReason.DryRunPlan : EventReason.RemediationBlocked, text)
                .withListener(l -> l.onBlocked(d, decision)));
    }

    private static List<Remediation> active(Map<String, NodeState> nodes, String except) {
        return nodes.values().stream().filter(s -> !s.node.equals(except))
                .flatMap(s -> s.activeRemediation().stream()).toList();
    }
}
