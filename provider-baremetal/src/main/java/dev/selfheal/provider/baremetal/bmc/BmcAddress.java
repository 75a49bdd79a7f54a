package dev.selfheal.provider.baremetal.bmc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a BMC listens: a host (name, IPv4 or bracketed IPv6), an optional port and, for Redfish, the
 * scheme. Parsing is strict: the host ends up in command lines and fence-agent input, so nothing but host
 * characters is accepted.
 *
 * @param scheme {@code https} or {@code http} for Redfish, {@code null} for IPMI and fence agents
 * @param host the host
 * @param port the port, or {@code -1} for the protocol's default
 */
public record BmcAddress(String scheme, String host, int port) {

    private static final Pattern FORM = Pattern.compile(
            "^(?:(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?<host>\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*)"
                    + "(?::(?<port>[0-9]{1,5}))?/?$");

    /** Validates the fields. */
    public BmcAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("BMC host must not be blank");
        }
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("BMC port " + port + " is out of range 1..65535");
        }
    }

    /**
     * Parses an address for a protocol.
     *
     * @throws IllegalArgumentException saying what a good value looks like
     */
    public static BmcAddress parse(Protocol protocol, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an address is required");
        }
        if (value.contains("@")) {
            throw new IllegalArgumentException("user information (user:password@) is not allowed in a BMC address and"
                    + " is not shown; give the credentials with a credentials reference");
        }
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected host[:port]"
                    + (protocol == Protocol.REDFISH ? " or https://host[:port]" : "")
                    + " with a host name, an IPv4 address or a bracketed IPv6 address");
        }
        String scheme = m.group("scheme");
        if (scheme != null) {
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (protocol != Protocol.REDFISH || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("scheme '" + m.group("scheme") + "://' is not allowed for "
                        + protocol.configName() + (protocol == Protocol.REDFISH ? "; use https://" : "; give host[:port]"));
            }
        } else if (protocol == Protocol.REDFISH) {
            scheme = "https";
        }
        String port = m.group("port");
        int p = port == null ? -1 : Integer.parseInt(port);
        if (port != null && (p < 1 || p > 65535)) {
            throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
        }
        return new BmcAddress(scheme, m.group("host"), p);
    }

    /** The port, or {@code defaultPort} when none was given. */
    public int portOr(int defaultPort) {
        return port == -1 ? defaultPort : port;
    }

    /** {@code host[:port]}, as given. */
    public String hostPort() {
        return port == -1 ? host : host + ":" + port;
    }

    /** The canonical text form: {@code https://host[:port]} for Redfish, {@code host[:port]} otherwise. */
    @Override
    public String toString() {
        return scheme == null ? hostPort() : scheme + "://" + hostPort();
    }
}
