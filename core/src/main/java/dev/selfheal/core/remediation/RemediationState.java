package dev.selfheal.core.remediation;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a remediation, with the table of legal transitions:
 *
 * <pre>
 * PENDING     -> REMEDIATING, CANCELLED
 * REMEDIATING -> SUCCEEDED, FAILED, CANCELLED
 * SUCCEEDED, FAILED, CANCELLED: final
 * </pre>
 */
public enum RemediationState {
    /** Diagnosed; waiting for the safety gates. */
    PENDING,
    /** The recovery ladder is running. */
    REMEDIATING,
    /** The node is healthy again, or was replaced by a healthy one. */
    SUCCEEDED,
    /** The ladder was exhausted or a step failed for good: a person must look. */
    FAILED,
    /** Stopped before finishing: the node recovered by itself, or it was excluded or paused. */
    CANCELLED;

    private static final Map<RemediationState, Set<RemediationState>> LEGAL = Map.of(
            PENDING, EnumSet.of(REMEDIATING, CANCELLED),
            REMEDIATING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(RemediationState.class),
            FAILED, EnumSet.noneOf(RemediationState.class),
            CANCELLED, EnumSet.noneOf(RemediationState.class));

    /** Whether this state ends the remediation. */
    public boolean isFinal() {
        return LEGAL.get(this).isEmpty();
    }

    /** Whether moving to {@code next} is legal. */
    public boolean canMoveTo(RemediationState next) {
        return LEGAL.get(this).contains(next);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalTransitionException when it is not in the table
     */
    public RemediationState moveTo(RemediationState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
        return next;
    }
}
