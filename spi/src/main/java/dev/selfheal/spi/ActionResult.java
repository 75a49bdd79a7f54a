package dev.selfheal.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of a completed reboot or power-on.
 *
 * @param machine the machine acted on
 * @param action the capability that was used
 * @param completedAt when the provider saw the action complete
 * @param detail a short human description, free of secrets
 */
public record ActionResult(MachineRef machine, Capability action, Instant completedAt, String detail) {

    /** Validates the fields. */
    public ActionResult {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(completedAt, "completedAt");
        detail = Objects.requireNonNullElse(detail, "");
    }
}
