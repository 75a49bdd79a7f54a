package dev.selfheal.provider.baremetal.fence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the fence-agent driver runs agents.
 *
 * @param agentDir the folder the agents are installed in ({@code /usr/sbin})
 * @param callTimeout the hard limit on one agent run (agents wait for the power state themselves)
 * @param options extra {@code key=value} input for every agent, such as {@code lanplus=1}
 * @param nodeOptions extra input per node name, merged over {@link #options}
 */
public record FenceSettings(Path agentDir, Duration callTimeout, Map<String, String> options,
                            Map<String, Map<String, String>> nodeOptions) {

    /** Keys the driver sets itself from the machine's BMC; configuration may not set them. */
    public static final Set<String> RESERVED = Set.of("action", "ip", "ipaddr", "ipport", "username", "login",
            "password", "passwd", "password_script", "passwd_script", "plug", "port", "nodename");

    /** Validates and copies. */
    public FenceSettings {
        Objects.requireNonNull(agentDir, "agentDir");
        Objects.requireNonNull(callTimeout, "callTimeout");
        options = Map.copyOf(options);
        nodeOptions = Map.copyOf(nodeOptions);
    }

    /**
     * Parses {@code key=value, key=value} agent options.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, String> parseOptions(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            String key = eq < 0 ? e : e.substring(0, eq).trim();
            if (eq <= 0 || !key.matches("[a-z][a-z0-9_-]*")) {
                throw new IllegalArgumentException("'" + e + "' is not key=value with a lower-case option name");
            }
            if (RESERVED.contains(key.replace('-', '_'))) {
                throw new IllegalArgumentException("'" + key + "' is set by the provider from the node's BMC; reserved: "
                        + new java.util.TreeSet<>(RESERVED));
            }
            String value = e.substring(eq + 1).trim();
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the value of '" + key + "' contains a control character");
            }
            out.put(key, value);
        }
        return out;
    }
}
