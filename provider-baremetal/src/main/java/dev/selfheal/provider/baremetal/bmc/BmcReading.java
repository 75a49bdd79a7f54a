package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.PowerState;
import java.util.List;
import java.util.Objects;

/**
 * What a BMC answered when asked about its machine.
 *
 * @param power the power state ({@link PowerState#UNKNOWN} when the answer held no usable state)
 * @param findings health facts beyond power, possibly empty
 */
public record BmcReading(PowerState power, List<HealthFinding> findings) {

    /** Validates and copies. */
    public BmcReading {
        Objects.requireNonNull(power, "power");
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    }

    /** A reading with a power state only. */
    public static BmcReading of(PowerState power) {
        return new BmcReading(power, List.of());
    }
}
