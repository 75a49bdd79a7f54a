package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.probe.ProbeSpec;
import dev.selfheal.agent.probe.ProbeType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Scheduled etcd snapshots through etcd's v3 HTTP gateway ({@code POST /v3/maintenance/snapshot}); a snapshot is
 * taken only when etcd's revision moved since the last one.
 *
 * @param endpoint the etcd client URL, such as {@code https://127.0.0.1:2379}
 * @param interval how often to look (10 s to 24 h)
 * @param keep snapshots kept (1 to 100)
 * @param caFile PEM CA of etcd's server certificate (https), or null
 * @param certFile PEM client certificate (https), or null
 * @param keyFile PEM client key, or null
 */
public record EtcdSnapshotSettings(String endpoint, Duration interval, int keep, Path caFile, Path certFile,
                                   Path keyFile) {

    /** Validates. */
    public EtcdSnapshotSettings {
        if (endpoint == null || !endpoint.matches("https?://[^/]+/?")) {
            throw new AgentConfigException("checkpoint.etcd.endpoint", "'" + endpoint
                    + "' is not allowed; allowed: an http:// or https:// URL of an etcd client endpoint, such as http://127.0.0.1:2379");
        }
        endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new AgentConfigException("checkpoint.etcd.interval", interval + " is out of range; allowed range 1s to 24h");
        }
        if (keep < 1 || keep > 100) {
            throw new AgentConfigException("checkpoint.etcd.keep", keep + " is out of range; allowed range 1 to 100");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new AgentConfigException("checkpoint.etcd.certFile", "certFile and keyFile go together; set both or neither");
        }
    }

    /** The probe-style TLS description of this endpoint, for the HTTP client. */
    ProbeSpec tls() {
        return new ProbeSpec(endpoint.startsWith("https") ? ProbeType.HTTPS : ProbeType.HTTP, endpoint, null, null, null,
                null, caFile, certFile, keyFile, false, Duration.ofSeconds(30));
    }
}
