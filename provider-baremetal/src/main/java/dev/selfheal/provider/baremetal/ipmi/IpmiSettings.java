package dev.selfheal.provider.baremetal.ipmi;

import java.time.Duration;
import java.util.Objects;

/**
 * How the IPMI driver runs {@code ipmitool}.
 *
 * @param tool the ipmitool program
 * @param cipherSuite the RMCP+ cipher suite ({@code -C}), 3 by default
 * @param privilege the privilege level ({@code -L}): CALLBACK, USER, OPERATOR or ADMINISTRATOR
 * @param restartCommand what a forced restart sends: {@code cycle} or {@code reset}
 * @param requestTimeout ipmitool's own per-request timeout ({@code -N}), whole seconds
 * @param retries ipmitool's own retries ({@code -R})
 * @param callTimeout the hard limit on one ipmitool run, after which it is killed
 * @param efiBoot whether the PXE boot override asks for UEFI ({@code options=efiboot})
 */
public record IpmiSettings(String tool, int cipherSuite, String privilege, String restartCommand, Duration requestTimeout,
                           int retries, Duration callTimeout, boolean efiBoot) {

    /** Validates the fields. */
    public IpmiSettings {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(restartCommand, "restartCommand");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
    }
}
