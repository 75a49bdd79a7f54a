package dev.selfheal.core.engine;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepCheck;
import dev.selfheal.core.recovery.StepContext;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.remediation.StepPhase;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Advances one remediation along its ladder. Runs on the decision thread; actions run on the engine's
 * action executor and report back through {@code submit}. Every change is persisted before the next move.
 */
final class LadderRunner {

    /** Persists a record and returns the stored version. */
    interface Persist {
        Stored save(Stored current, Remediation next);
    }

    /** Runs a step's action off the decision thread. */
    interface Submit {
        void act(Stored stored, RecoveryStep step, StepContext ctx);
    }

    private final EngineParts parts;
    private final Notifier notify;
    private final Persist persist;
    private final Submit submit;

    LadderRunner(EngineParts parts, Notifier notify, Persist persist, Submit submit) {
        this.parts = parts;
        this.notify = notify;
        this.persist = persist;
        this.submit = submit;
    }

    /**
     * Moves the remediation as far as it can go now.
     *
     * @return the stored record afterwards, and calls {@code wakeAt} with the time a waiting step should be checked again
     */
    Stored advance(Stored stored, Judgement judgement, ClusterSnapshot snapshot, Instant now, Consumer<Instant> wakeAt) {
        for (int guard = 0; guard < 32; guard++) {
            Remediation r = stored.remediation();
            if (r.state().isFinal()) {
                return stored;
            }
            StepContext ctx = context(r, judgement, snapshot, now);
            if (r.state() == RemediationState.PENDING) {
                return persist.save(stored, r.moveTo(RemediationState.REMEDIATING, now, "remediating"));
            }
            if (r.phase() == StepPhase.READY && ctx.nodeHealthy()) {
                return acted(r) ? finish(stored, RemediationState.SUCCEEDED, now, "node " + r.node() + " is healthy again")
                        : finish(stored, RemediationState.CANCELLED, now, "node " + r.node() + " recovered on its own");
            }
            Optional<RecoveryStep> current = r.currentStep().flatMap(parts.steps()::step);
            if (current.isEmpty()) {
                return finish(stored, RemediationState.FAILED, now, "ladder exhausted: " + summary(r));
            }
            RecoveryStep step = current.get();
            switch (r.phase()) {
                case READY -> {
                    if (!step.applies(ctx)) {
                        stored = stepFinished(stored, step, "skipped", now, "does not apply to " + r.node());
                        continue;
                    }
                    Stored acting = persist.save(stored, r.phase(StepPhase.ACTING, now));
                    notify.event(r, "StepStarted", "step " + step.name() + " started (" + r.failureClass() + ")", false);
                    submit.act(acting, step, context(acting.remediation(), judgement, snapshot, now));
                    return acting;
                }
                case ACTING -> {
                    // Found ACTING with no action in flight: the healer restarted mid-step.
                    StepPhase next = step.destructive() ? StepPhase.VERIFYING : StepPhase.READY;
                    notify.event(r, "StepResumed", "step " + step.name() + " was interrupted; "
                            + (step.destructive() ? "verifying its effect, not repeating it" : "running it again"), false);
                    stored = persist.save(stored, r.phase(next, now));
                    continue;
                }
                case VERIFYING -> {
                    StepCheck check = step.verify(ctx);
                    if (!check.remediation().equals(r)) {
                        stored = persist.save(stored, check.remediation());
                        r = stored.remediation();
                    }
                    switch (check.progress()) {
                        case DONE -> {
                            stored = stepFinished(stored, step, "done", now, check.detail());
                            continue;
                        }
                        case HEALED -> {
                            stored = stepFinished(stored, step, "healed", now, check.detail());
                            return finish(stored, RemediationState.SUCCEEDED, now, check.detail());
                        }
                        case FAILED -> {
                            return failStep(stored, step, now, check.detail());
                        }
                        default -> {
                            Instant deadline = r.stepStartedAt().plus(parts.config().recovery().timeout(step.name()));
                            if (!now.isBefore(deadline)) {
                                return timeout(stored, step, now, check.detail());
                            }
                            wakeAt.accept(deadline);
                            return stored;
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown phase " + r.phase());
            }
        }
        return stored;
    }

    /** Called on the decision thread when an action threw. */
    Stored actionFailed(Stored stored, RecoveryStep step, Instant now, Throwable error) {
        return failStep(stored, step, now, "step " + step.name() + " failed: " + error.getMessage());
    }

    private Stored failStep(Stored stored, RecoveryStep step, Instant now, String detail) {
        if (step.destructive()) {
            Stored s = stepFinished(stored, step, "failed", now, detail);
            return finish(s, RemediationState.FAILED, now, detail + "; a destructive step failed, stopping for a person to look");
        }
        return stepFinished(stored, step, "failed", now, detail);
    }

    private Stored timeout(Stored stored, RecoveryStep step, Instant now, String detail) {
        String msg = "step " + step.name() + " timed out after " + parts.config().recovery().timeout(step.name()) + " (" + detail + ")";
        if (step.destructive()) {
            Stored s = stepFinished(stored, step, "timed-out", now, msg);
            return finish(s, RemediationState.FAILED, now, msg);
        }
        return stepFinished(stored, step, "timed-out", now, msg);
    }

    private Stored stepFinished(Stored stored, RecoveryStep step, String outcome, Instant now, String detail) {
        Stored s = persist.save(stored, stored.remediation().stepFinished(outcome, now, detail));
        boolean warning = outcome.equals("failed") || outcome.equals("timed-out");
        notify.event(s.remediation(), "Step" + camel(outcome), "step " + step.name() + " " + outcome + ": " + detail, warning);
        notify.listeners(l -> l.onStepFinished(s.remediation(), step.name(), outcome));
        return s;
    }

    Stored finish(Stored stored, RemediationState state, Instant now, String message) {
        Remediation r = stored.remediation();
        Stored s = persist.save(stored, r.moveTo(state, now, message));
        notify.event(s.remediation(), "Remediation" + camel(state.name().toLowerCase(java.util.Locale.ROOT)),
                message, state != RemediationState.SUCCEEDED && state != RemediationState.CANCELLED);
        notify.listeners(l -> l.onFinished(s.remediation()));
        return s;
    }

    /** Removes the out-of-service taint from a node that no longer needs it (healthy again). */
    void untaintIfHealthy(String node, Judgement judgement, ClusterSnapshot snapshot) {
        snapshot.node(node).filter(n -> n.isReady() && judgement != null && judgement.healthy())
                .filter(n -> n.taints().stream().map(TaintView::key).anyMatch(ClusterOperations.OUT_OF_SERVICE_TAINT::equals))
                .ifPresent(n -> {
                    parts.cluster().removeTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT);
                    notify.event(node, null, "OutOfServiceTaintRemoved", "node is healthy again; workloads may return", false);
                });
    }

    StepContext context(Remediation r, Judgement j, ClusterSnapshot snapshot, Instant now) {
        boolean healthy = j != null && j.healthy();
        boolean agentAlive = snapshot.agentLease(r.node()).map(l -> l.renewTime() != null && l.duration() != null
                && now.isBefore(l.renewTime().plus(l.duration()))).orElse(false);
        return new StepContext(r, snapshot, now, healthy, agentAlive,
                snapshot.node(r.node()).flatMap(parts.gateway()::machineOf), parts.gateway(), parts.cluster(),
                parts.config().recovery());
    }

    /** Whether any step acted (was not skipped). */
    private static boolean acted(Remediation r) {
        return r.history().stream().anyMatch(h -> !h.outcome().equals("skipped"));
    }

    private static String summary(Remediation r) {
        StringBuilder b = new StringBuilder();
        r.history().forEach(h -> b.append(h.step()).append('=').append(h.outcome()).append(' '));
        return b.toString().trim();
    }

    private static String camel(String s) {
        StringBuilder b = new StringBuilder();
        for (String part : s.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }
}
