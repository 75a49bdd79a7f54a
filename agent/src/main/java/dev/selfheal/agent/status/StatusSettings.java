package dev.selfheal.agent.status;

import dev.selfheal.agent.config.AgentConfigException;
import java.util.regex.Pattern;

/**
 * The status endpoint ({@code /healthz}, {@code /readyz}, {@code /metrics}); off unless a port is set.
 *
 * @param port the TCP port, 1 to 65535, or 0 for no endpoint (the default)
 * @param address the IP address to listen on, an IPv4 or IPv6 literal (default {@code 0.0.0.0}: every address)
 */
public record StatusSettings(int port, String address) {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Every IPv4 address. */
    public static final String ANY = "0.0.0.0";

    /** Validates. */
    public StatusSettings {
        if (port < 0 || port > 65535) {
            throw new AgentConfigException("status.port", port + " is out of range; allowed range 1 to 65535, or 0 for no "
                    + "status endpoint");
        }
        if (address == null || !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            throw new AgentConfigException("status.address", "'" + address + "' is not allowed; allowed: an IPv4 or IPv6 "
                    + "address such as 0.0.0.0 (every address), 127.0.0.1 or ::");
        }
    }

    /** Defaults: no endpoint. */
    public static StatusSettings off() {
        return new StatusSettings(0, ANY);
    }

    /** Whether the endpoint is on. */
    public boolean enabled() {
        return port != 0;
    }
}
