package dev.selfheal.core.engine;

/** How a step ended, as recorded in a remediation's history ({@code id()}) and told as an Event. */
public enum StepOutcome {
    /** The step reached its goal. */
    DONE("done", EventReason.StepDone),
    /** The node was healthy after the step. */
    HEALED("healed", EventReason.StepHealed),
    /** The step did not apply. */
    SKIPPED("skipped", EventReason.StepSkipped),
    /** The step failed. */
    FAILED("failed", EventReason.StepFailed),
    /** The step did not reach its goal within its limit. */
    TIMED_OUT("timed-out", EventReason.StepTimedOut);

    private final String id;
    private final EventReason reason;

    StepOutcome(String id, EventReason reason) {
        this.id = id;
        this.reason = reason;
    }

    /** The outcome as written in the record's history. */
    public String id() {
        return id;
    }

    /** The Event reason. */
    public EventReason reason() {
        return reason;
    }
}
