package dev.selfheal.core.engine;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepCheck;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the next move of one remediation along its ladder, as a value: pure, no I/O, no callbacks. Moves that
 * need no action (starting, skipping a step that does not apply, finishing) are folded into one {@link Decision.Save};
 * a step to run becomes a {@link Decision.Act} whose ACTING record is persisted before the action starts.
 */
final class LadderRunner {

    private static final int MAX_MOVES = 64;

    private final StepRegistry steps;
    private final RecoverySettings settings;

    LadderRunner(StepRegistry steps, RecoverySettings settings) {
        this.steps = steps;
        this.settings = settings;
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
        if (r.phase() == StepPhase.READY && view.nodeHealthy()) {
            boolean acted = r.history().stream().anyMatch(h -> !h.outcome().equals(StepOutcome.SKIPPED.id()));
            finish(m, acted ? RemediationState.SUCCEEDED : RemediationState.CANCELLED, now,
                    acted ? "node " + r.node() + " is healthy again" : "node " + r.node() + " recovered on its own");
            return Optional.empty();
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

    private Optional<Decision> ready(Moves m, RecoveryStep step, StepView view, Instant now) {
        Remediation r = m.current;
        if (!step.applies(view)) {
            stepFinished(m, step, StepOutcome.SKIPPED, now, "does not apply to " + r.node());
            return Optional.empty();
        }
        Remediation acting = r.phase(StepPhase.ACTING, now);
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
                stepFinished(m, step, StepOutcome.HEALED, now, check.detail());
                finish(m, RemediationState.SUCCEEDED, now, check.detail());
            }
            case FAILED -> failStep(m, step, StepOutcome.FAILED, now, check.detail());
            default -> {
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
            m.set(result.phase(StepPhase.VERIFYING, now));
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
