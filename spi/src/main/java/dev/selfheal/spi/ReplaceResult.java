package dev.selfheal.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of replacing a machine.
 *
 * @param oldMachine the machine that was replaced
 * @param replacementId the new machine's id when known (new instance id, new VM uuid), else {@code null}
 * @param progress whether the replacement is complete or only started (bare-metal re-provisioning)
 * @param at when the provider reported this
 * @param detail a short human description, free of secrets
 */
public record ReplaceResult(MachineRef oldMachine, String replacementId, Progress progress, Instant at, String detail) {

    /** How far a replacement got when the provider returned. */
    public enum Progress {
        /** The replacement machine exists and runs. */
        COMPLETED,
        /** The replacement was started; the new node's registration tells when it is done. */
        STARTED
    }

    /** Validates the fields. */
    public ReplaceResult {
        Objects.requireNonNull(oldMachine, "oldMachine");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(at, "at");
        detail = Objects.requireNonNullElse(detail, "");
    }

    /** The replacement machine's id, when known. */
    public Optional<String> replacement() {
        return Optional.ofNullable(replacementId);
    }
}
