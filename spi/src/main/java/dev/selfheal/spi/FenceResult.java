package dev.selfheal.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Proof that a machine is fenced: the provider powered it off (or found it gone) and then read that
 * state back from the infrastructure. A provider that cannot confirm must throw instead of returning.
 *
 * @param machine the fenced machine
 * @param confirmedState the state read back: {@link PowerState#OFF} or {@link PowerState#GONE}
 * @param confirmedAt when the state was read back
 */
public record FenceResult(MachineRef machine, PowerState confirmedState, Instant confirmedAt) {

    /**
     * Validates that the state really is a fenced one.
     *
     * @throws IllegalArgumentException when {@code confirmedState} is not fenced
     */
    public FenceResult {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        if (confirmedState == null || !confirmedState.isFenced()) {
            throw new IllegalArgumentException("a FenceResult needs a confirmed OFF or GONE state, got "
                    + confirmedState + " for " + machine.describe());
        }
    }
}
