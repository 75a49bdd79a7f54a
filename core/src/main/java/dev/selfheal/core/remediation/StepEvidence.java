package dev.selfheal.core.remediation;

import java.time.Instant;

/**
 * What the current step's success is judged against, persisted with the record so that a new leader judges it the
 * same way: a node is healed only on evidence produced after the step acted, and only once it stayed healthy for
 * the burn-in period.
 *
 * @param actedAt when the step's action returned, or null while it has not (yet) acted
 * @param bootIdBefore the node's {@code status.nodeInfo.bootID} when the step started, or null when it reported none
 * @param healthySince when the evidence of health after the action was first seen (the burn-in started), or null
 */
public record StepEvidence(Instant actedAt, String bootIdBefore, Instant healthySince) {

    /** Evidence of a step about to act on a node that reports {@code bootId} (null: none). */
    public static StepEvidence before(String bootId) {
        return new StepEvidence(null, bootId, null);
    }

    /** The same evidence, the action having returned at {@code at}. */
    public StepEvidence acted(Instant at) {
        return new StepEvidence(at, bootIdBefore, null);
    }

    /** The same evidence with the burn-in started at {@code at} (null: not, or no longer, burning in). */
    public StepEvidence burningInSince(Instant at) {
        return new StepEvidence(actedAt, bootIdBefore, at);
    }

    /** Whether the burn-in has started. */
    public boolean burningIn() {
        return healthySince != null;
    }
}
