package dev.selfheal.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the infrastructure says about a machine at one moment.
 *
 * @param machine the machine
 * @param power its power state ({@link PowerState#UNKNOWN} when the infrastructure gave none)
 * @param findings health facts beyond power, possibly empty
 * @param observedAt when the infrastructure was asked
 */
public record MachineStatus(MachineRef machine, PowerState power, List<HealthFinding> findings, Instant observedAt) {

    /** Validates and copies. */
    public MachineStatus {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(power, "power");
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** Whether any finding is {@link HealthFinding.Severity#CRITICAL}. */
    public boolean hasCriticalFinding() {
        return findings.stream().anyMatch(f -> f.severity() == HealthFinding.Severity.CRITICAL);
    }

    /** Powered on with no critical finding. */
    public boolean isHealthy() {
        return power == PowerState.ON && !hasCriticalFinding();
    }
}
