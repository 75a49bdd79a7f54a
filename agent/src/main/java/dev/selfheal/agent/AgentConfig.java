package dev.selfheal.agent;

import dev.selfheal.agent.checkpoint.CheckpointSettings;
import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.etcd.EtcdMemberSettings;
import dev.selfheal.agent.os.OsCheckSettings;
import dev.selfheal.agent.report.ReportSettings;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.status.StatusSettings;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The node agent's local configuration: the node, the components it keeps running and what healthy means for
 * each, checkpoints, OS checks and reporting. The agent runs from this alone; the API server is only told.
 * Read it with {@link #load(Path)}; {@link AgentConfigReader} documents the YAML.
 *
 * @param node the node name (a DNS-1123 subdomain)
 * @param namespace where the heartbeat Lease and the control-plane mirror live (the healer's namespace)
 * @param stateDir the agent's own directory: process logs, checkpoints
 * @param superviseInterval how often each component is probed (100 ms to 1 min)
 * @param staticPodManifests the kubelet's static pod manifest directory
 * @param systemctl the systemctl command, with a prefix when needed ({@code [nsenter, -t, 1, -m, --, systemctl]}
 *                  in a container)
 * @param components the supervised components (one per component kind)
 * @param checkpoint checkpoint settings
 * @param os OS check settings
 * @param report reporting settings
 * @param status the status endpoint ({@code /healthz}, {@code /readyz}, {@code /metrics}), off by default
 * @param etcdMember the local etcd member the agent repairs (a master of a multi-member etcd), or null
 */
public record AgentConfig(String node, String namespace, Path stateDir, Duration superviseInterval,
                          Path staticPodManifests, List<String> systemctl, List<ComponentSpec> components,
                          CheckpointSettings checkpoint,
                          OsCheckSettings os, ReportSettings report, StatusSettings status,
                          EtcdMemberSettings etcdMember) {

    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    /** Validates and copies. */
    public AgentConfig {
        if (node == null || node.length() > 253 || !node.matches(DNS_SUBDOMAIN)) {
            throw new AgentConfigException("node", "'" + node + "' is not allowed; allowed: the node name, a lower-case DNS-1123 "
                    + "subdomain such as worker-1 (use ${NODE_NAME} to take it from the environment)");
        }
        if (namespace == null || !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || namespace.length() > 63) {
            throw new AgentConfigException("namespace", "'" + namespace + "' is not allowed; allowed: a DNS-1123 label such as "
                    + AgentLease.DEFAULT_NAMESPACE);
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(staticPodManifests, "staticPodManifests");
        systemctl = List.copyOf(systemctl);
        if (systemctl.isEmpty() || systemctl.get(0).isBlank()) {
            throw new AgentConfigException("systemctl", "must name a command, such as [systemctl]");
        }
        if (superviseInterval == null || superviseInterval.toMillis() < 100 || superviseInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new AgentConfigException("superviseInterval", superviseInterval + " is out of range; allowed range 100ms to 1m");
        }
        components = List.copyOf(components);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < components.size(); i++) {
            if (!seen.add(components.get(i).id())) {
                throw new AgentConfigException("components[" + i + "].component", "'" + components.get(i).id()
                        + "' appears twice; each component is listed once");
            }
        }
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(status, "status");
        if (etcdMember != null && components.stream().noneMatch(c -> c.component() == Component.ETCD
                && (c.runtime() == RuntimeKind.PROCESS || c.runtime() == RuntimeKind.STATIC_POD) && c.manifest() != null)) {
            throw new AgentConfigException("etcdMember", "needs the etcd component among the components, run as a process "
                    + "or a static pod (allowed runtimes: process, static-pod)");
        }
    }

    /** Reads a YAML file, resolving {@code ${VAR}} against the process environment. */
    public static AgentConfig load(Path file) {
        return AgentConfigReader.read(file, System.getenv());
    }

    /** Reads YAML text; relative paths resolve against {@code baseDir}. */
    public static AgentConfig parse(String yaml, Path baseDir, Map<String, String> env) {
        return AgentConfigReader.read(yaml, baseDir, env);
    }

    /** The spec of a component, when supervised. */
    public Optional<ComponentSpec> component(String id) {
        return components.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Where the agent writes the output of the processes it runs. */
    public Path logDir() {
        return stateDir.resolve("logs");
    }
}
