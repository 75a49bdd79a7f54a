package dev.selfheal.core.safety;

import java.time.Instant;

/**
 * A step gate's answer, as a value the ladder runner carries out.
 *
 * @param kind act, hold or pass by
 * @param gate the gate that answered
 * @param reason why (or "ok"), for an Event and the log
 * @param until for {@link Kind#HOLD}: when to ask again without a change in the cluster, or null to ask on the next
 *        change only
 */
public record StepGateDecision(Kind kind, String gate, String reason, Instant until) {

    /** What the ladder runner does with the step. */
    public enum Kind {
        /** The step acts. */
        ACT,
        /** The step waits, its remediation staying where it is, and is asked again later. */
        HOLD,
        /** The step is passed by for this remediation (recorded as skipped with the reason); the ladder goes on. */
        PASS_BY
    }

    /** The step may act. */
    public static StepGateDecision act(String gate) {
        return new StepGateDecision(Kind.ACT, gate, "ok", null);
    }

    /** The step waits until {@code until} (null: until the cluster changes). */
    public static StepGateDecision hold(String gate, String reason, Instant until) {
        return new StepGateDecision(Kind.HOLD, gate, reason, until);
    }

    /** The step is passed by for good in this remediation. */
    public static StepGateDecision passBy(String gate, String reason) {
        return new StepGateDecision(Kind.PASS_BY, gate, reason, null);
    }

    /** Whether the step may act. */
    public boolean acts() {
        return kind == Kind.ACT;
    }

    /** {@code gate: reason}, as told. */
    public String text() {
        return gate + ": " + reason;
    }
}
