package dev.selfheal.core.observe;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateDecision;

/**
 * Callbacks for platforms that embed Selfheal. Every method has an empty default; implement what you need.
 * Called on the healer's decision thread: return quickly and never throw (exceptions are logged and ignored).
 */
public interface SelfhealListener {

    /** A node was diagnosed unhealthy (called again when the diagnosis changes). */
    default void onDiagnosed(Diagnosis diagnosis) {
    }

    /** A gate stopped a remediation from starting. */
    default void onBlocked(Diagnosis diagnosis, GateDecision decision) {
    }

    /** A remediation started. */
    default void onStarted(Remediation remediation) {
    }

    /** A step finished with an outcome: {@code done}, {@code healed}, {@code skipped}, {@code timed-out}, {@code failed}. */
    default void onStepFinished(Remediation remediation, String step, String outcome) {
    }

    /** A remediation ended (SUCCEEDED, FAILED or CANCELLED). */
    default void onFinished(Remediation remediation) {
    }

    /** This healer became leader ({@code true}) or stopped being leader ({@code false}). */
    default void onLeadership(boolean leader) {
    }

    /**
     * A failure domain froze (too many of its nodes look unhealthy) or thawed (its storm and cooldown ended).
     *
     * @param label the node label whose values are the domains
     * @param domain the domain (the label's value)
     * @param frozen whether it froze (true) or thawed (false)
     * @param reason why
     */
    default void onDomainStorm(String label, String domain, boolean frozen, String reason) {
    }
}
