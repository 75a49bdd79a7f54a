package dev.selfheal.core.explain;

import java.util.Objects;

/**
 * One rung of the ladder an explanation shows.
 *
 * @param name the step's name, as in ladders
 * @param status where it stands
 * @param note why, in a few words (such as "its provider does not offer it for this machine"), possibly empty
 */
public record PlannedStep(String name, Status status, String note) {

    /** Where a step stands. */
    public enum Status {
        /** It applies now and would run when its turn comes. */
        WOULD_RUN,
        /** It does not apply now and would be skipped. */
        WOULD_SKIP,
        /** The remediation in progress finished it. */
        DONE,
        /** The remediation in progress is at this step. */
        CURRENT
    }

    /** Validates. */
    public PlannedStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        note = Objects.requireNonNullElse(note, "");
    }

    /** {@code fence}, {@code power-on (skipped: ...)}, {@code release (done)}. */
    @Override
    public String toString() {
        return switch (status) {
            case WOULD_RUN -> name;
            case WOULD_SKIP -> name + " (skipped" + (note.isEmpty() ? "" : ": " + note) + ")";
            case DONE -> name + " (done" + (note.isEmpty() ? "" : ": " + note) + ")";
            case CURRENT -> name + " (current)";
        };
    }
}
