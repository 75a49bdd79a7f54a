package dev.selfheal.agent;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.config.ConfigIds;
import dev.selfheal.agent.probe.ProbeDefaults;
import dev.selfheal.agent.probe.ProbeSpec;
import dev.selfheal.agent.probe.ProbeType;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.agent.supervise.RestartMode;
import dev.selfheal.agent.supervise.RestartPolicy;
import dev.selfheal.config.ConfigMap;
import dev.selfheal.protocol.Component;
import dev.selfheal.spi.ConfigText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one entry of {@code components}:
 *
 * <pre>
 * - component: etcd                  # required: kubelet, container-runtime, kube-proxy, etcd, kube-apiserver,
 *                                    #           kube-scheduler, kube-controller-manager
 *   runtime: process                 # required: systemd, process, static-pod
 *   command: [/usr/local/bin/etcd, --data-dir=/var/lib/etcd]   # process, inline (or manifest:)
 *   env: {GOMAXPROCS: "2"}           # process, inline
 *   workDir: /var/lib/etcd           # process, inline
 *   manifest: /etc/selfheal/manifests/etcd.yaml   # process manifest, Pod (static-pod) or unit file (systemd)
 *   unit: etcd.service               # systemd
 *   probe: {type: http, url: http://127.0.0.1:2379/health, expectBody: '"health":"true"', timeout: 2s}
 *   restart: {mode: auto, backoff: 1s, maxBackoff: 30s, budget: 5, window: 10m}   # mode: auto, on-request
 *   startupGrace: 30s                # failed probes after a start do not count this long
 *   failureThreshold: 3              # consecutive failed probes make it unhealthy
 *   reportAfter: 10s                 # unhealthy this long sets its node condition (default 0s for on-request)
 *   checkpoint: true                 # default: true when there is a manifest
 *   restoreFromCheckpoint: true      # default: true for etcd and kube-apiserver with a manifest
 *   kubeletGrace: 30s                # static-pod only: how long the kubelet may restart a crashed container
 *                                    #   itself before the agent restarts the pod (default 30s)
 * </pre>
 *
 * Probe types: {@code http}, {@code https} ({@code caFile}, {@code certFile}, {@code keyFile},
 * {@code insecureSkipVerify}), {@code tcp} ({@code address: host:port}), {@code exec} ({@code command}),
 * {@code cri-socket} ({@code socket}), {@code none}; without {@code probe} the component's default applies
 * ({@link ProbeDefaults}).
 */
final class ComponentSpecReader {

    static final Set<String> KEYS = Set.of("component", "runtime", "command", "env", "workDir", "manifest", "unit", "probe",
            "restart", "startupGrace", "failureThreshold", "reportAfter", "checkpoint", "restoreFromCheckpoint", "kubeletGrace");
    private static final Set<String> PROBE_KEYS = Set.of("type", "url", "address", "command", "socket", "expectBody",
            "caFile", "certFile", "keyFile", "insecureSkipVerify", "timeout");
    private static final Set<String> RESTART_KEYS = Set.of("mode", "backoff", "maxBackoff", "budget", "window");
    private static final String COMPONENTS = Arrays.stream(Component.values()).map(Component::id)
            .collect(Collectors.joining(", "));

    private ComponentSpecReader() {
    }

    static ComponentSpec read(ConfigMap c, Path base, Path staticPods) {
        String id = c.requiredText("component", COMPONENTS);
        Component component = Component.ofId(id).orElseThrow(() -> new AgentConfigException(c.field("component"),
                "'" + id + "' is not allowed; allowed: " + COMPONENTS));
        RuntimeKind runtime = c.choice("runtime", RuntimeKind.values(), ConfigIds::idOf).orElseThrow(() ->
                new AgentConfigException(c.field("runtime"), "is required; allowed: systemd, process, static-pod"));
        Path manifest = c.path("manifest").map(p -> AgentConfigReader.resolve(runtime == RuntimeKind.STATIC_POD ? staticPods : base, p))
                .orElse(null);
        RestartPolicy restart = restart(c);
        boolean controlPlaneState = component == Component.ETCD || component == Component.KUBE_APISERVER;
        String prefix = c.field("component").substring(0, c.field("component").length() - ".component".length());
        try {
            return new ComponentSpec(component, runtime, c.strings("command").orElse(List.of()), c.texts("env").orElse(Map.of()),
                    c.path("workDir").map(p -> AgentConfigReader.resolve(base, p)).orElse(null), manifest,
                    c.text("unit").orElse(null), probe(c, component, base), restart,
                    c.duration("startupGrace", Duration.ZERO, Duration.ofHours(1)).orElse(Duration.ofSeconds(30)),
                    c.integer("failureThreshold", 1, 100).orElse(3),
                    c.duration("reportAfter", Duration.ZERO, Duration.ofHours(1))
                            .orElse(restart.mode() == RestartMode.ON_REQUEST ? Duration.ZERO : Duration.ofSeconds(10)),
                    c.bool("checkpoint").orElse(manifest != null),
                    c.bool("restoreFromCheckpoint").orElse(manifest != null && controlPlaneState),
                    c.duration("kubeletGrace", Duration.ZERO, Duration.ofHours(1))
                            .orElse(runtime == RuntimeKind.STATIC_POD ? ComponentSpec.DEFAULT_KUBELET_GRACE : Duration.ZERO));
        } catch (AgentConfigException e) {
            throw e.field().startsWith(prefix) ? e : e.under(prefix);
        }
    }

    private static RestartPolicy restart(ConfigMap c) {
        RestartPolicy d = RestartPolicy.defaults();
        ConfigMap r = c.child("restart", RESTART_KEYS).orElse(null);
        if (r == null) {
            return d;
        }
        Duration backoff = r.duration("backoff", Duration.ofMillis(10), Duration.ofHours(1)).orElse(d.backoff());
        Duration max = r.duration("maxBackoff", Duration.ofMillis(10), Duration.ofHours(1))
                .orElse(backoff.compareTo(d.maxBackoff()) > 0 ? backoff : d.maxBackoff());
        if (max.compareTo(backoff) < 0) {
            throw new AgentConfigException(r.field("maxBackoff"), max + " is shorter than restart.backoff " + backoff
                    + "; allowed: at least the backoff, at most 1h");
        }
        return new RestartPolicy(r.choice("mode", RestartMode.values(), ConfigIds::idOf).orElse(d.mode()), backoff, max,
                r.integer("budget", 1, 1000).orElse(d.budget()),
                r.duration("window", Duration.ofSeconds(1), Duration.ofDays(1)).orElse(d.window()));
    }

    private static ProbeSpec probe(ConfigMap c, Component component, Path base) {
        ConfigMap p = c.child("probe", PROBE_KEYS).orElse(null);
        if (p == null) {
            return ProbeDefaults.of(component);
        }
        ProbeType type = p.choice("type", ProbeType.values(), ConfigIds::idOf).orElseThrow(() ->
                new AgentConfigException(p.field("type"), "is required; allowed: http, https, tcp, exec, cri-socket, none"));
        String url = AgentConfigReader.httpUrl(p, "url", Set.of(type == ProbeType.HTTPS ? "https" : "http"));
        return new ProbeSpec(type, url, address(p), p.strings("command").orElse(List.of()),
                p.path("socket").orElse(null), p.text("expectBody").orElse(null),
                p.path("caFile").map(f -> AgentConfigReader.resolve(base, f)).orElse(null),
                p.path("certFile").map(f -> AgentConfigReader.resolve(base, f)).orElse(null),
                p.path("keyFile").map(f -> AgentConfigReader.resolve(base, f)).orElse(null),
                p.bool("insecureSkipVerify").orElse(false),
                p.duration("timeout", Duration.ofMillis(100), Duration.ofMinutes(1)).orElse(ProbeSpec.DEFAULT_TIMEOUT));
    }

    /** A TCP probe's {@code host:port}: a host the URI parser accepts and a port from 1 to 65535. */
    private static String address(ConfigMap p) {
        return p.text("address").map(a -> {
            ConfigText.url("tcp://" + a.strip(), Set.of(), m -> new AgentConfigException(p.field("address"), ConfigText.quote(a)
                    + " is not allowed (" + m + "); allowed: host:port with a port from 1 to 65535"));
            if (!a.strip().matches(".+:[0-9]{1,5}")) {
                throw new AgentConfigException(p.field("address"), ConfigText.quote(a) + " has no port; allowed: host:port");
            }
            return a.strip();
        }).orElse(null);
    }
}
