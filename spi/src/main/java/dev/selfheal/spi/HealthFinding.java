package dev.selfheal.spi;

import java.util.Objects;

/**
 * One fact about a machine's health as the infrastructure sees it, such as a failed EC2 status check
 * or a BMC reporting {@code Status.Health=Critical}.
 *
 * @param severity how bad it is
 * @param code a stable, machine-readable code such as {@code "SystemStatusImpaired"}
 * @param message a human explanation, free of secrets
 */
public record HealthFinding(Severity severity, String code, String message) {

    /** How bad a finding is. */
    public enum Severity {
        /** Informational, nothing wrong. */
        OK,
        /** Degraded but running. */
        WARNING,
        /** The machine cannot be trusted to run workloads. */
        CRITICAL
    }

    /** Validates the fields. */
    public HealthFinding {
        Objects.requireNonNull(severity, "severity");
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("HealthFinding.code must not be blank");
        }
        message = Objects.requireNonNullElse(message, "");
    }
}
