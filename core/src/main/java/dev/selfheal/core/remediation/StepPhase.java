package dev.selfheal.core.remediation;

/**
 * Where the current step of a ladder is. A destructive step is recorded {@link #ACTING} before its action
 * starts; a healer that finds a destructive step ACTING after a restart never starts it again, it only
 * confirms its effect.
 */
public enum StepPhase {
    /** Not started. */
    READY,
    /** The action was started (and may or may not have completed). */
    ACTING,
    /** The action completed; waiting for its success check. */
    VERIFYING
}
