package dev.selfheal.agent.os;

import dev.selfheal.agent.config.AgentConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The clock-skew check: the node's clock against the {@code Date} header of an HTTP(S) reference (the API
 * server, or any server kept in time by NTP).
 *
 * @param reference the URL asked for its {@code Date}
 * @param maxSkew skew beyond this (plus the header's one-second resolution) sets {@code ClockSkew} (100 ms to 1 h)
 * @param caFile PEM CA of the reference's certificate, or null
 * @param insecureSkipVerify accept any certificate of the reference (only its Date header is read)
 */
public record ClockSettings(String reference, Duration maxSkew, Path caFile, boolean insecureSkipVerify) {

    /** Validates. */
    public ClockSettings {
        if (reference == null || !reference.matches("https?://.+")) {
            throw new AgentConfigException("os.clock.reference", "'" + reference + "' is not allowed; allowed: an http:// or https:// URL");
        }
        URI.create(reference);
        if (maxSkew == null || maxSkew.toMillis() < 100 || maxSkew.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("os.clock.maxSkew", maxSkew + " is out of range; allowed range 100ms to 1h");
        }
    }
}
