package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;

/**
 * One rung of a recovery ladder. The engine calls {@link #applies} (a step that does not apply is skipped),
 * then {@link #act} once, then {@link #verify} until it is DONE, HEALED or FAILED or the step's time limit
 * passes. A {@link #destructive()} step is recorded as started before {@link #act} runs and is never acted
 * twice for one remediation: after a healer restart only {@link #verify} runs, and it must work out from the
 * cluster and the infrastructure whether the action took effect.
 *
 * <p>Custom steps are registered programmatically or through {@link java.util.ServiceLoader} (see
 * {@link RecoveryStepFactory}) and named in a ladder by {@link #name()}.
 */
public interface RecoveryStep {

    /** The name used in ladders, records, Events and configuration, such as {@code reboot}. */
    String name();

    /** Whether acting twice could do harm (fence, release, replace, remove the node). */
    boolean destructive();

    /**
     * Whether the step can do anything for this remediation (capabilities, agent alive, preconditions). Runs on the
     * decision thread: reads the view only, never calls a provider or the API server.
     */
    boolean applies(StepView view);

    /**
     * Performs the action. Blocking (provider and API calls with their own time limits, bounded by
     * {@link StepContext#limit()}); runs off the decision thread, and is interrupted when the step's limit passes.
     * Returns the remediation with the facts the action established (a confirmed fence, a
     * replacement id). Throws on failure.
     */
    Remediation act(StepContext ctx);

    /**
     * Whether the action took effect. Runs on the decision thread: reads the view only (the snapshot, the
     * provider's last answer about the machine); never calls a provider or the API server.
     */
    StepCheck verify(StepView view);
}
