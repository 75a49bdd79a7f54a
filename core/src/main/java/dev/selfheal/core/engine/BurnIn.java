package dev.selfheal.core.engine;

import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.StepEvidence;
import java.time.Duration;
import java.time.Instant;

/**
 * The burn-in after the evidence that a node is healed: it must stay healthy for {@code recovery.burnIn} before its
 * remediation succeeds. The start is kept in the record's {@link StepEvidence}, so a new leader goes on with the
 * same burn-in. A node that was replaced (its Node object has another uid, or is gone) is not burned in: the step
 * that waited for the replacement already saw it Ready. Pure.
 */
final class BurnIn {

    /**
     * Where a healed node stands.
     *
     * @param record the record, with the burn-in's start when it starts now
     * @param until when the burn-in ends, or null when it has passed (or does not apply)
     */
    record Status(Remediation record, Instant until) {
        boolean passed() {
            return until == null;
        }
    }

    private final Duration period;

    BurnIn(Duration period) {
        this.period = period;
    }

    Duration period() {
        return period;
    }

    /** Whether the node of the view is burned in at all. */
    boolean applies(StepView view) {
        Remediation r = view.remediation();
        return !period.isZero() && view.node().map(n -> n.uid() != null && n.uid().equals(r.nodeUid())).orElse(false);
    }

    /** The burn-in of a node found healed at {@code now}: started now, still running, or passed. */
    Status healed(StepView view, Instant now) {
        Remediation r = view.remediation();
        if (!applies(view)) {
            return new Status(r, null);
        }
        StepEvidence e = r.evidence();
        if (e == null || !e.burningIn()) {
            StepEvidence started = (e == null ? new StepEvidence(null, null, null) : e).burningInSince(now);
            return new Status(r.withEvidence(started, now), now.plus(period));
        }
        Instant until = e.healthySince().plus(period);
        return new Status(r, now.isBefore(until) ? until : null);
    }

    /** Whether the record's node is in its burn-in (it showed evidence of health and has not finished). */
    static boolean running(Remediation r) {
        return r.evidence() != null && r.evidence().burningIn();
    }
}
