package dev.selfheal.provider.baremetal.bmc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How Selfheal talks to a machine's BMC. */
public enum Protocol {
    /** DMTF Redfish over HTTPS. */
    REDFISH("redfish"),
    /** IPMI 2.0 over LAN (RMCP+) through {@code ipmitool -I lanplus}. */
    IPMI("ipmi"),
    /** A ClusterLabs fence agent ({@code fence_ipmilan}, {@code fence_redfish}, ...) with its stdin protocol. */
    FENCE_AGENT("fence-agent");

    private final String configName;

    Protocol(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, labels and machine attributes. */
    public String configName() {
        return configName;
    }

    /** The protocol with this configuration name (case-insensitive), if any. */
    public static Optional<Protocol> fromConfigName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.configName.equals(v)).findFirst();
    }

    /** The configuration names of all protocols, for error messages: {@code redfish, ipmi, fence-agent}. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Protocol::configName).collect(Collectors.joining(", "));
    }
}
