package dev.selfheal.agent.etcd;

import dev.selfheal.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local etcd member and where its peers are ({@code etcdMember.*} in the agent's configuration).
 *
 * @param name the member's name ({@code --name})
 * @param dataDir its data directory ({@code --data-dir})
 * @param clientUrl its client URL, as the agent reaches it
 * @param peerUrl its advertised peer URL ({@code --initial-advertise-peer-urls}), how the cluster knows it
 * @param endpoints the client URLs of the cluster's members (the local one may be among them), asked in order
 * @param caFile PEM CA of etcd's server certificates (https), or null
 * @param certFile PEM client certificate (https), or null
 * @param keyFile PEM client key, or null
 * @param repairAfter how long the local member may stay down with its data in place before it is taken as
 *                    corrupt and replaced; zero: only on evidence (data gone, a foreign member id)
 * @param startTimeout how long a restarted member may take to become healthy
 * @param interval how often the agent looks at the member (a repair round)
 */
public record EtcdMemberSettings(String name, Path dataDir, String clientUrl, String peerUrl, List<String> endpoints,
                                 Path caFile, Path certFile, Path keyFile, Duration repairAfter, Duration startTimeout,
                                 Duration interval) {

    /** Validates and copies. */
    public EtcdMemberSettings {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new AgentConfigException("etcdMember.name", "'" + name
                    + "' is not allowed; allowed: 1 to 63 letters, digits, '.', '_' or '-' (etcd's --name)");
        }
        if (dataDir == null || !dataDir.isAbsolute()) {
            throw new AgentConfigException("etcdMember.dataDir", dataDir + " is not allowed; allowed: an absolute path");
        }
        clientUrl = url("etcdMember.clientUrl", clientUrl);
        peerUrl = url("etcdMember.peerUrl", peerUrl);
        if (endpoints == null || endpoints.isEmpty()) {
            throw new AgentConfigException("etcdMember.endpoints", "is empty; allowed: the client URLs of the members");
        }
        endpoints = endpoints.stream().map(e -> url("etcdMember.endpoints", e)).toList();
        if ((certFile == null) != (keyFile == null)) {
            throw new AgentConfigException("etcdMember.certFile", "certFile and keyFile go together; set both or neither");
        }
        repairAfter = repairAfter == null ? Duration.ofMinutes(2) : repairAfter;
        if (repairAfter.isNegative() || repairAfter.compareTo(Duration.ofDays(1)) > 0) {
            throw new AgentConfigException("etcdMember.repairAfter", repairAfter + " is out of range; allowed 0 to 24h");
        }
        startTimeout = startTimeout == null ? Duration.ofMinutes(2) : startTimeout;
        if (startTimeout.compareTo(Duration.ofSeconds(5)) < 0 || startTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("etcdMember.startTimeout", startTimeout + " is out of range; allowed 5s to 1h");
        }
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("etcdMember.interval", interval + " is out of range; allowed 1s to 1h");
        }
    }

    /** The other members' client URLs (the local one left out). */
    public List<String> peerEndpoints() {
        return endpoints.stream().filter(e -> !e.equals(clientUrl)).toList();
    }

    private static String url(String field, String value) {
        if (value == null || !value.matches("https?://[^/\\s]+/?")) {
            throw new AgentConfigException(field, "'" + value
                    + "' is not allowed; allowed: an http:// or https:// URL with host and port, such as https://10.0.0.1:2379");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
