package dev.selfheal.core.engine;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.recovery.HealingEvidence;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepCheck;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepEvidence;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.core.safety.StepGateChain;
import dev.selfheal.core.safety.StepGateDecision;
import dev.selfheal.core.safety.StepGateInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the next move of one remediation along its ladder, as a value: pure, no I/O, no callbacks. Moves that
 * need no action (starting, skipping a step that does not apply, finishing) are folded into one {@link Decision.Save};
 * a step to run becomes a {@link Decision.Act} whose ACTING record is persisted before the action starts. A node
 * counts as healed only on evidence from after the last action ({@link HealingEvidence}), and only once it stayed
 * healthy through the {@link BurnIn}; a node that fails its burn-in fails the step, and the ladder goes on. A
 * non-destructive step already tried for the same failure before the node flapped is passed by. Before a step acts,
 * the step gates answer ({@link StepGateChain}): a held step becomes a {@link Decision.Hold}, a step passed by is
 * recorded as skipped with the gate's reason.
 */
final class LadderRunner {

    private static final int MAX_MOVES = 64;

    private final StepRegistry steps;
    private final RecoverySettings settings;
    private final BurnIn burnIn;
    private final StepGateChain stepGates;

    LadderRunner(StepRegistry steps, RecoverySettings settings) {
        this(steps, settings, StepGateChain.NONE);
    }

    LadderRunner(StepRegistry steps, RecoverySettings settings, StepGateChain stepGates) {
        this.steps = steps;
        this.settings = settings;
        this.burnIn = new BurnIn(settings.burnIn());
        this.stepGates = stepGates;
    }

    /** The next decision for {@code view.remediation()}, which has no action in flight. */
    Decision decide(StepView view, Instant now) {
        Moves m = new Moves(view.remediation());
        for (int i = 0; i < MAX_MOVES && !m.current.state().isFinal(); i++) {
            Optional<Decision> stop = move(m, view.with(m.current), now);
            if (stop.isPresent()) {
                return stop.get();
            }
        }
        return m.changed() ? new Decision.Save(m.current, m.notices) : Decision.idle();
    }

    /** One move; a decision when the runner must stop here (act, or wait with nothing else to save). */
    private Optional<Decision> move(Moves m, StepView view, Instant now) {
        Remediation r = m.current;
        if (r.state() == RemediationState.PENDING) {
            m.set(r.moveTo(RemediationState.REMEDIATING, now, "remediating"));
            return Optional.empty();
        }
        if (r.phase() == StepPhase.READY) {
            Optional<Decision> early = healthyBetweenSteps(m, view, now);
            if (early.isPresent() || m.current.state().isFinal()) {
                return early;
            }
            r = m.current;
        }
        Optional<RecoveryStep> step = r.currentStep().flatMap(steps::step);
        if (step.isEmpty()) {
            finish(m, RemediationState.FAILED, now, "ladder exhausted: " + summary(r));
            return Optional.empty();
        }
        return switch (r.phase()) {
            case READY -> ready(m, step.get(), view, now);
            case ACTING -> resumed(m, step.get(), now);
            case VERIFYING -> verifying(m, step.get(), view, now);
        };
    }

    /**
     * Between steps: a node that recovered before any step acted ends the remediation cancelled; one that is healthy
     * on evidence from after the last action is burned in and ends it succeeded; one that fails its burn-in here
     * goes on with the next step. Empty when the ladder goes on (or the record was finished).
     */
    private Optional<Decision> healthyBetweenSteps(Moves m, StepView view, Instant now) {
        Remediation r = m.current;
        if (!view.nodeHealthy()) {
            if (BurnIn.running(r)) {
                m.set(r.withEvidence(null, now));
                m.tell(m.current, EventReason.StepFailed, "node " + r.node() + " did not stay healthy for the burn-in of "
                        + burnIn.period() + "; going on up the ladder");
            }
            return Optional.empty();
        }
        boolean acted = r.history().stream().anyMatch(h -> !h.outcome().equals(StepOutcome.SKIPPED.id()));
        if (!acted) {
            finish(m, RemediationState.CANCELLED, now, "node " + r.node() + " recovered on its own");
            return Optional.empty();
        }
        Instant last = r.lastActedAt() != null ? r.lastActedAt() : r.startedAt();
        Remediation probe = r.evidence() != null ? r : r.withEvidence(new StepEvidence(last, null, null), r.updatedAt());
        if (HealingEvidence.missing(view.with(probe), false).isPresent()) {
            return Optional.empty(); // healthy-looking, but nothing shows it came back after the last action
        }
        BurnIn.Status b = burnIn.healed(view.with(probe), now);
        if (!b.passed()) {
            return burning(m, b, "node " + r.node() + " is healthy again");
        }
        finish(m, RemediationState.SUCCEEDED, now, "node " + r.node() + " is healthy again");
        return Optional.empty();
    }

    /** A healed node in its burn-in: record its start when it starts now, else wait for its end. */
    private Optional<Decision> burning(Moves m, BurnIn.Status b, String detail) {
        if (!b.record().equals(m.current)) {
            m.set(b.record());
            m.tell(m.current, EventReason.BurnInStarted, detail + "; it must stay healthy for " + burnIn.period()
                    + " (until " + b.until() + ")");
        }
        return Optional.of(m.changed() ? new Decision.Save(m.current, m.notices) : new Decision.Wait(b.until()));
    }

    private Optional<Decision> ready(Moves m, RecoveryStep step, StepView view, Instant now) {
        Remediation r = m.current;
        if (!step.destructive() && r.triedBefore(step.name())) {
            stepFinished(m, step, StepOutcome.SKIPPED, now, "tried before for this failure, and node " + r.node()
                    + " failed again within gates.flapWindow: escalating");
            return Optional.empty();
        }
        if (!step.applies(view)) {
            stepFinished(m, step, StepOutcome.SKIPPED, now, "does not apply to " + r.node());
            return Optional.empty();
        }
        StepGateDecision gate = stepGates.evaluate(new StepGateInput(r, step.name(), step.destructive(), view.snapshot(),
                view.agentAlive(), now));
        if (gate.kind() == StepGateDecision.Kind.PASS_BY) {
            stepFinished(m, step, StepOutcome.SKIPPED, now, gate.text());
            return Optional.empty();
        }
        if (gate.kind() == StepGateDecision.Kind.HOLD) {
            return Optional.of(m.changed() ? new Decision.Save(m.current, m.notices) : new Decision.Hold(r.node(), r.id(), gate));
        }
        Remediation acting = r.phase(StepPhase.ACTING, now)
                .withEvidence(StepEvidence.before(view.node().map(NodeView::bootId).orElse(null)), now);
        m.tell(acting, EventReason.StepStarted, "step " + step.name() + " started (" + r.failureClass() + ")");
        return Optional.of(new Decision.Act(acting, step, view.with(acting), m.notices));
    }

    /** Found ACTING with no action in flight: a healer stopped mid-step. */
    private Optional<Decision> resumed(Moves m, RecoveryStep step, Instant now) {
        StepPhase next = step.destructive() ? StepPhase.VERIFYING : StepPhase.READY;
        m.tell(m.current, EventReason.StepResumed, "step " + step.name() + " was interrupted; "
                + (step.destructive() ? "verifying its effect, not repeating it" : "running it again"));
        m.set(m.current.phase(next, now));
        return Optional.empty();
    }

    private Optional<Decision> verifying(Moves m, RecoveryStep step, StepView view, Instant now) {
        StepCheck check = step.verify(view);
        m.set(check.remediation());
        switch (check.progress()) {
            case DONE -> stepFinished(m, step, StepOutcome.DONE, now, check.detail());
            case HEALED -> {
                return healed(m, step, view.with(m.current), check.detail(), now);
            }
            case FAILED -> failStep(m, step, StepOutcome.FAILED, now, check.detail());
            default -> {
                if (BurnIn.running(m.current)) {
                    failStep(m, step, StepOutcome.FAILED, now, "node " + m.current.node() + " did not stay healthy for the"
                            + " burn-in of " + burnIn.period() + " (" + check.detail() + ")");
                    return Optional.empty();
                }
                Instant deadline = m.current.stepStartedAt().plus(settings.timeout(step.name()));
                if (!now.isBefore(deadline)) {
                    failStep(m, step, StepOutcome.TIMED_OUT, now, "step " + step.name() + " timed out after "
                            + settings.timeout(step.name()) + " (" + check.detail() + ")");
                    return Optional.empty();
                }
                return Optional.of(m.changed() ? new Decision.Save(m.current, m.notices) : new Decision.Wait(deadline));
            }
        }
        return Optional.empty();
    }

    /** The step healed the node on evidence: burned in, it ends the remediation succeeded. */
    private Optional<Decision> healed(Moves m, RecoveryStep step, StepView view, String evidence, Instant now) {
        BurnIn.Status b = burnIn.healed(view, now);
        if (!b.passed()) {
            return burning(m, b, "step " + step.name() + ": " + evidence);
        }
        String detail = evidence + (burnIn.applies(view) ? "; stayed healthy for the burn-in of " + burnIn.period() : "");
        stepFinished(m, step, StepOutcome.HEALED, now, detail);
        finish(m, RemediationState.SUCCEEDED, now, detail);
        return Optional.empty();
    }

    /**
     * The decision after a step's action returned (off the decision thread): verify it next, or record its failure.
     *
     * @param acting the record as persisted before the action
     * @param result the record the action returned, or null when it failed
     * @param error the action's failure, or null
     */
    Decision acted(Remediation acting, RecoveryStep step, Remediation result, Throwable error, Instant now) {
        Moves m = new Moves(acting);
        if (error instanceof Performer.StepLimitException) {
            failStep(m, step, StepOutcome.TIMED_OUT, now, "step " + step.name() + " timed out: " + error.getMessage());
        } else if (error != null) {
            failStep(m, step, StepOutcome.FAILED, now, "step " + step.name() + " failed: " + error.getMessage());
        } else {
            Remediation verifying = result.phase(StepPhase.VERIFYING, now);
            StepEvidence e = verifying.evidence() == null ? StepEvidence.before(null) : verifying.evidence();
            m.set(verifying.withEvidence(e.acted(now), now));
            m.tell(m.current, EventReason.StepActed, "step " + step.name() + " acted; verifying");
        }
        return new Decision.Save(m.current, m.notices);
    }

    private void failStep(Moves m, RecoveryStep step, StepOutcome outcome, Instant now, String detail) {
        stepFinished(m, step, outcome, now, detail);
        if (step.destructive()) {
            finish(m, RemediationState.FAILED, now, detail + "; a destructive step " + (outcome == StepOutcome.FAILED
                    ? "failed" : "did not finish") + ", stopping for a person to look");
        }
    }

    private void stepFinished(Moves m, RecoveryStep step, StepOutcome outcome, Instant now, String detail) {
        Remediation next = m.current.stepFinished(outcome.id(), now, detail);
        m.set(next);
        m.tell(next, outcome.reason(), "step " + step.name() + " " + outcome.id() + ": " + detail,
                l -> l.onStepFinished(next, step.name(), outcome.id()));
    }

    private void finish(Moves m, RemediationState state, Instant now, String message) {
        Remediation next = m.current.moveTo(state, now, message);
        m.set(next);
        EventReason reason = switch (state) {
            case SUCCEEDED -> EventReason.RemediationSucceeded;
            case CANCELLED -> EventReason.RemediationCancelled;
            default -> EventReason.RemediationFailed;
        };
        m.tell(next, reason, message, l -> l.onFinished(next));
    }

    private static String summary(Remediation r) {
        StringBuilder b = new StringBuilder();
        r.history().forEach(h -> b.append(h.step()).append('=').append(h.outcome()).append(' '));
        return b.toString().trim();
    }

    /** The record as it moves within one decision, and what to tell once it is saved. */
    private static final class Moves {
        private final Remediation start;
        private Remediation current;
        private final List<Notice> notices = new ArrayList<>();

        Moves(Remediation start) {
            this.start = start;
            this.current = start;
        }

        void set(Remediation r) {
            current = r;
        }

        boolean changed() {
            return !current.equals(start);
        }

        void tell(Remediation r, EventReason reason, String message) {
            notices.add(Notice.of(r.node(), r.id(), reason, message));
        }

        void tell(Remediation r, EventReason reason, String message,
                  java.util.function.Consumer<dev.selfheal.core.observe.SelfhealListener> listener) {
            notices.add(Notice.of(r.node(), r.id(), reason, message).withListener(listener));
        }
    }
}
