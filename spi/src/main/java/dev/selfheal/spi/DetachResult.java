package dev.selfheal.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The volumes a provider detached from a fenced machine.
 *
 * @param machine the machine they were detached from
 * @param volumeIds the detached volumes' ids (EBS volume ids, vmdk paths), possibly empty
 * @param at when the detachment was confirmed
 */
public record DetachResult(MachineRef machine, List<String> volumeIds, Instant at) {

    /** Validates and copies. */
    public DetachResult {
        Objects.requireNonNull(machine, "machine");
        volumeIds = List.copyOf(Objects.requireNonNull(volumeIds, "volumeIds"));
        Objects.requireNonNull(at, "at");
    }
}
