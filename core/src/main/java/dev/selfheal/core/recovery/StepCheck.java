package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;

/**
 * The result of verifying a step.
 *
 * @param progress where the step is
 * @param remediation the remediation, updated with facts found while verifying (such as a confirmed fence)
 * @param detail a human detail for Events and logs
 */
public record StepCheck(Progress progress, Remediation remediation, String detail) {

    /** Where a step is after acting. */
    public enum Progress {
        /** The step reached its goal; go to the next step. */
        DONE,
        /** The node is healthy again: the remediation succeeded. */
        HEALED,
        /** Not yet; check again later (until the step's time limit). */
        WAITING,
        /** The step cannot reach its goal. */
        FAILED
    }

    /** Done. */
    public static StepCheck done(Remediation r, String detail) {
        return new StepCheck(Progress.DONE, r, detail);
    }

    /** Healed. */
    public static StepCheck healed(Remediation r, String detail) {
        return new StepCheck(Progress.HEALED, r, detail);
    }

    /** Waiting. */
    public static StepCheck waiting(Remediation r, String detail) {
        return new StepCheck(Progress.WAITING, r, detail);
    }

    /** Failed. */
    public static StepCheck failed(Remediation r, String detail) {
        return new StepCheck(Progress.FAILED, r, detail);
    }
}
