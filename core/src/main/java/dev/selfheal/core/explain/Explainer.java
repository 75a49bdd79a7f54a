package dev.selfheal.core.explain;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.recovery.FenceStep;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.GateDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Explains one node from facts already gathered ({@link Subject}): asks every gate of the healer's {@link GateChain}
 * (in order, all of them), takes the ladder of the diagnosis from the healer's {@link LadderCatalog} and asks each of
 * its steps whether it {@link RecoveryStep#applies applies}, exactly as the healer's decision thread does; no I/O.
 * The healer explains its nodes through it ({@code Selfheal#explain}) and tells dry-run plans with it. Gates are
 * asked as the healer asks them, so call it where the healer's gates are used (its decision thread) or on gates of
 * your own.
 */
public final class Explainer {

    private final GateChain gates;
    private final LadderCatalog ladders;
    private final StepRegistry steps;
    private final RecoverySettings settings;

    /**
     * @param gates the gates, in the healer's order
     * @param ladders the ladders
     * @param steps the steps the ladders name
     * @param settings recovery settings (what the steps see)
     */
    public Explainer(GateChain gates, LadderCatalog ladders, StepRegistry steps, RecoverySettings settings) {
        this.gates = gates;
        this.ladders = ladders;
        this.steps = steps;
        this.settings = settings;
    }

    /** The explanation of the subject. */
    public Explanation explain(Subject s) {
        Optional<Remediation> active = s.remediation().filter(r -> !r.state().isFinal());
        List<GateDecision> decisions = active.isEmpty() && s.diagnosis().isPresent()
                ? s.gateInput().map(gates::evaluateAll).orElse(List.of()) : List.of();
        Optional<Remediation> subject = active.or(() -> s.diagnosis().map(d -> hypothetical(s, d)));
        List<PlannedStep> ladder = subject.map(r -> ladder(s, r, active.isPresent())).orElse(List.of());
        return new Explanation(s.node().name(), s.now(), s.verdicts(), s.diagnosis(), decisions, ladder, active);
    }

    /** The remediation that would start for the diagnosis, as the steps would first see it. */
    private Remediation hypothetical(Subject s, Diagnosis d) {
        return Remediation.start("explain", d.node(), s.node().uid(), d.failureClass(),
                d.failedComponent().map(c -> c.id()).orElse(null), ladders.ladder(d.failureClass()), "explain", s.now(),
                d.summary());
    }

    /**
     * The ladder step by step. Steps still to come are asked whether they apply as the remediation stands, except that
     * once a fence would run, the later steps are asked as if it had confirmed (release and remove-node need it).
     */
    private List<PlannedStep> ladder(Subject s, Remediation r, boolean running) {
        boolean healthy = s.verdicts().stream().noneMatch(dev.selfheal.core.health.Verdict::isUnhealthy);
        StepView view = new StepView(r, s.snapshot(), s.now(), healthy, s.agentAlive(), s.machine(),
                s.capabilities(), settings);
        List<PlannedStep> out = new ArrayList<>(r.ladder().size());
        for (int i = 0; i < r.ladder().size(); i++) {
            String name = r.ladder().get(i);
            if (running && i < r.stepIndex()) {
                out.add(new PlannedStep(name, PlannedStep.Status.DONE, outcomeOf(r, name)));
            } else if (running && i == r.stepIndex()) {
                out.add(new PlannedStep(name, PlannedStep.Status.CURRENT, r.phase().toString()));
            } else {
                PlannedStep p = planned(name, view);
                out.add(p);
                if (FenceStep.NAME.equals(name) && p.status() == PlannedStep.Status.WOULD_RUN && !r.isFenced()) {
                    view = view.with(r.fenced(s.now()));
                }
            }
        }
        return out;
    }

    private PlannedStep planned(String name, StepView view) {
        Optional<RecoveryStep> step = steps.step(name);
        if (step.isEmpty()) {
            return new PlannedStep(name, PlannedStep.Status.WOULD_SKIP, "no such step");
        }
        boolean applies;
        try {
            applies = step.get().applies(view);
        } catch (RuntimeException e) {
            return new PlannedStep(name, PlannedStep.Status.WOULD_SKIP, "its applies() failed: " + e.getMessage());
        }
        return applies ? new PlannedStep(name, PlannedStep.Status.WOULD_RUN, "")
                : new PlannedStep(name, PlannedStep.Status.WOULD_SKIP, skipReason(view));
    }

    private static String skipReason(StepView view) {
        if (view.machine().isEmpty()) {
            return "no provider's machine known for the node";
        }
        if (view.machineGone()) {
            return "the provider reports the machine gone";
        }
        return "does not apply now (capabilities " + view.capabilities() + ")";
    }

    private static String outcomeOf(Remediation r, String step) {
        return r.history().stream().filter(h -> h.step().equals(step)).reduce((a, b) -> b).map(h -> h.outcome()).orElse("");
    }
}
