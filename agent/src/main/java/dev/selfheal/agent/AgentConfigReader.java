package dev.selfheal.agent;

import dev.selfheal.agent.checkpoint.CheckpointSettings;
import dev.selfheal.agent.checkpoint.EtcdSnapshotSettings;
import dev.selfheal.agent.etcd.EtcdMemberSettings;
import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.os.ClockSettings;
import dev.selfheal.agent.os.KernelPattern;
import dev.selfheal.agent.os.OsCheckSettings;
import dev.selfheal.agent.report.ReportSettings;
import dev.selfheal.agent.status.StatusSettings;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.config.ConfigMap;
import dev.selfheal.config.ValueFilter;
import dev.selfheal.config.YamlDocument;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.spi.ConfigText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an {@link AgentConfig} from YAML with the shared configuration reader ({@link ConfigMap}), strictly: an
 * unknown or duplicate key or a bad value fails naming the field and what is allowed; a YAML null means "not
 * set"; aliases read as the value they refer to. Durations are {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h} or ISO-8601; {@code ${VAR}} takes a value from the environment; relative paths resolve against the
 * configuration file's directory (static pod manifests against {@code staticPodManifests}); URLs and ports are
 * checked when read. Only {@code node} and {@code components} are required:
 *
 * <pre>
 * node: ${NODE_NAME}
 * namespace: selfheal-system
 * stateDir: /var/lib/selfheal-agent
 * superviseInterval: 1s
 * staticPodManifests: /etc/kubernetes/manifests
 * systemctl: [systemctl]             # in a container: [nsenter, -t, 1, -m, --, systemctl]
 * components:
 *   - component: kubelet            # kubelet, container-runtime, kube-proxy, etcd, kube-apiserver, ...
 *     runtime: systemd              # systemd, process, static-pod
 *     unit: kubelet.service
 *     restart: {mode: auto, backoff: 1s, maxBackoff: 30s, budget: 5, window: 10m}
 *   - component: kube-apiserver
 *     runtime: static-pod
 *     manifest: kube-apiserver.yaml
 *     probe: {type: https, url: https://127.0.0.1:6443/readyz, caFile: ..., certFile: ..., keyFile: ...}
 *     restoreFromCheckpoint: true
 * checkpoint: {keep: 5, restoreAfter: 10s, mirrorToCluster: true, etcd: {endpoint: http://127.0.0.1:2379, interval: 10m}}
 * os: {interval: 10s, diskPressurePercent: 90, kernelLog: /dev/kmsg, clock: {reference: https://127.0.0.1:6443/healthz, maxSkew: 2s}}
 * report: {enabled: true, kubeconfig: /etc/kubernetes/kubelet.conf, requestTimeout: 5s}
 * status: {port: 0, address: 0.0.0.0}  # /healthz, /readyz, /metrics on this port; 0 (the default): none
 * etcdMember:                        # a master of a multi-member etcd: repair the local member (etcd component needed)
 *   name: master-1
 *   dataDir: /var/lib/etcd
 *   clientUrl: https://10.0.0.1:2379
 *   peerUrl: https://10.0.0.1:2380
 *   endpoints: [https://10.0.0.1:2379, https://10.0.0.2:2379, https://10.0.0.3:2379]
 *   caFile: /etc/kubernetes/pki/etcd/ca.crt
 *   certFile: /etc/kubernetes/pki/etcd/healthcheck-client.crt
 *   keyFile: /etc/kubernetes/pki/etcd/healthcheck-client.key
 *   repairAfter: 2m                  # down this long with its data in place: taken as corrupt (0: never)
 *   startTimeout: 2m
 *   interval: 30s
 * </pre>
 */
public final class AgentConfigReader {

    private static final Set<String> TOP = Set.of("node", "namespace", "stateDir", "superviseInterval",
            "staticPodManifests", "systemctl", "components", "checkpoint", "os", "report", "status", "etcdMember");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> HTTP = Set.of("http", "https");

    private AgentConfigReader() {
    }

    /** Reads a file: a regular file of at most 4 MiB. */
    public static AgentConfig read(Path file, Map<String, String> env) {
        String text = YamlDocument.readFile(file, AgentConfigException::new);
        Path base = file.toAbsolutePath().getParent();
        return read(text, base, env);
    }

    /** Reads YAML text; relative paths resolve against {@code baseDir}. */
    public static AgentConfig read(String yaml, Path baseDir, Map<String, String> env) {
        ConfigMap r = YamlDocument.parse(yaml, AgentConfigException::new, expander(env))
                .orElseThrow(() -> new AgentConfigException("node", "is required; the configuration is empty")).known(TOP);
        String node = r.requiredText("node", "the node name, such as worker-1 or ${NODE_NAME}");
        Path stateDir = resolve(baseDir, r.path("stateDir").orElse(Path.of("/var/lib/selfheal-agent")));
        Path staticPods = resolve(baseDir, r.path("staticPodManifests").orElse(Path.of("/etc/kubernetes/manifests")));
        if (!r.has("components")) {
            throw new AgentConfigException("components", "is required: a list of the components to supervise");
        }
        List<ComponentSpec> components = new ArrayList<>();
        for (ConfigMap c : r.children("components", ComponentSpecReader.KEYS)) {
            components.add(section(c.path(), () -> ComponentSpecReader.read(c, baseDir, staticPods)));
        }
        return section("(document)", () -> new AgentConfig(node, r.text("namespace").orElse(AgentLease.DEFAULT_NAMESPACE),
                stateDir, r.duration("superviseInterval", Duration.ofMillis(100), Duration.ofMinutes(1)).orElse(Duration.ofSeconds(1)),
                staticPods, r.strings("systemctl").orElse(List.of("systemctl")), components,
                section("checkpoint", () -> checkpoint(r, baseDir, stateDir)), section("os", () -> os(r, baseDir)),
                section("report", () -> report(r, baseDir)), section("status", () -> status(r)),
                section("etcdMember", () -> etcdMember(r, baseDir))));
    }

    /** Any failure but a field-named one is reported against the part being read. */
    static <T> T section(String field, Supplier<T> read) {
        try {
            return read.get();
        } catch (AgentConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AgentConfigException(field, "cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static Path resolve(Path base, Path p) {
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }

    /** An http:// or https:// URL with a host and a usable port, as written. */
    static String httpUrl(ConfigMap m, String key, Set<String> schemes) {
        return m.url(key, schemes).map(u -> m.text(key).orElseThrow().strip()).orElse(null);
    }

    private static ValueFilter expander(Map<String, String> env) {
        return (field, value) -> {
            Matcher m = VAR.matcher(value);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = env.get(m.group(1));
                if (v == null || v.isEmpty()) {
                    throw new AgentConfigException(field, "uses ${" + m.group(1) + "}, which is not set in the environment");
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            return b.toString();
        };
    }

    private static CheckpointSettings checkpoint(ConfigMap r, Path base, Path stateDir) {
        ConfigMap c = r.child("checkpoint", Set.of("dir", "keep", "restoreAfter", "mirrorToCluster", "etcd")).orElse(null);
        if (c == null) {
            return new CheckpointSettings(stateDir.resolve("checkpoints"), 5, Duration.ofSeconds(10), true, null);
        }
        EtcdSnapshotSettings etcd = c.child("etcd", Set.of("endpoint", "interval", "keep", "caFile", "certFile", "keyFile"))
                .map(e -> new EtcdSnapshotSettings(endpoint(e),
                        e.duration("interval", Duration.ofSeconds(1), Duration.ofDays(1)).orElse(Duration.ofMinutes(10)),
                        e.integer("keep", 1, 100).orElse(3), e.path("caFile").map(p -> resolve(base, p)).orElse(null),
                        e.path("certFile").map(p -> resolve(base, p)).orElse(null),
                        e.path("keyFile").map(p -> resolve(base, p)).orElse(null)))
                .orElse(null);
        return new CheckpointSettings(resolve(base, c.path("dir").orElse(stateDir.resolve("checkpoints"))),
                c.integer("keep", 1, 100).orElse(5),
                c.duration("restoreAfter", Duration.ofSeconds(1), Duration.ofHours(1)).orElse(Duration.ofSeconds(10)),
                c.bool("mirrorToCluster").orElse(true), etcd);
    }

    private static EtcdMemberSettings etcdMember(ConfigMap r, Path base) {
        return r.child("etcdMember", Set.of("name", "dataDir", "clientUrl", "peerUrl", "endpoints", "caFile", "certFile",
                "keyFile", "repairAfter", "startTimeout", "interval")).map(m -> new EtcdMemberSettings(
                m.requiredText("name", "the member name (etcd's --name)"),
                resolve(base, m.path("dataDir").orElse(Path.of("/var/lib/etcd"))),
                requiredUrl(m, "clientUrl", "the local member's client URL such as https://10.0.0.1:2379"),
                requiredUrl(m, "peerUrl", "the local member's advertised peer URL such as https://10.0.0.1:2380"),
                m.strings("endpoints").orElse(List.of()),
                m.path("caFile").map(p -> resolve(base, p)).orElse(null), m.path("certFile").map(p -> resolve(base, p)).orElse(null),
                m.path("keyFile").map(p -> resolve(base, p)).orElse(null),
                m.duration("repairAfter", Duration.ZERO, Duration.ofDays(1)).orElse(null),
                m.duration("startTimeout", Duration.ofSeconds(5), Duration.ofHours(1)).orElse(null),
                m.duration("interval", Duration.ofSeconds(1), Duration.ofHours(1)).orElse(null))).orElse(null);
    }

    private static String endpoint(ConfigMap e) {
        return requiredUrl(e, "endpoint", "an etcd client URL such as http://127.0.0.1:2379");
    }

    private static String requiredUrl(ConfigMap m, String key, String allowed) {
        m.requiredText(key, allowed);
        return httpUrl(m, key, HTTP);
    }

    private static OsCheckSettings os(ConfigMap r, Path base) {
        ConfigMap o = r.child("os", Set.of("enabled", "interval", "readOnlyPaths", "diskPaths", "diskPressurePercent",
                "inodePressurePercent", "kernelLog", "kernelPatterns", "clock")).orElse(null);
        OsCheckSettings d = OsCheckSettings.defaults();
        if (o == null) {
            return d;
        }
        List<KernelPattern> patterns = o.has("kernelPatterns") ? new ArrayList<>() : d.kernelPatterns();
        for (ConfigMap p : o.children("kernelPatterns", Set.of("condition", "reason", "pattern"))) {
            patterns.add(new KernelPattern(p.requiredText("condition", "a condition type such as KernelDeadlock"),
                    p.requiredText("reason", "a reason such as TaskHung"), regex(p)));
        }
        ClockSettings clock = o.child("clock", Set.of("reference", "maxSkew", "caFile", "insecureSkipVerify"))
                .map(c -> new ClockSettings(requiredUrl(c, "reference", "an http:// or https:// URL"),
                        c.duration("maxSkew", Duration.ofMillis(100), Duration.ofHours(1)).orElse(Duration.ofSeconds(2)),
                        c.path("caFile").map(p -> resolve(base, p)).orElse(null), c.bool("insecureSkipVerify").orElse(false)))
                .orElse(null);
        Path kernelLog = o.text("kernelLog").filter(s -> s.isEmpty() || s.equals("none")).isPresent() ? null
                : o.path("kernelLog").map(p -> resolve(base, p)).orElse(d.kernelLog());
        return new OsCheckSettings(o.bool("enabled").orElse(true),
                o.duration("interval", Duration.ofSeconds(1), Duration.ofHours(1)).orElse(d.interval()),
                paths(o, "readOnlyPaths").orElse(d.readOnlyPaths()), paths(o, "diskPaths").orElse(d.diskPaths()),
                o.integer("diskPressurePercent", 1, 100).orElse(d.diskPressurePercent()),
                o.integer("inodePressurePercent", 1, 100).orElse(d.inodePressurePercent()), kernelLog, patterns, clock);
    }

    private static java.util.Optional<List<Path>> paths(ConfigMap o, String key) {
        return o.strings(key).map(list -> {
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String field = o.field(key) + "[" + i + "]";
                out.add(ConfigText.path(list.get(i), m -> new AgentConfigException(field, m)));
            }
            return List.copyOf(out);
        });
    }

    private static Pattern regex(ConfigMap p) {
        String s = p.requiredText("pattern", "a Java regular expression");
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new AgentConfigException(p.field("pattern"), "not a valid regular expression: " + e.getDescription());
        }
    }

    private static ReportSettings report(ConfigMap r, Path base) {
        ReportSettings d = ReportSettings.defaults();
        return r.child("report", Set.of("enabled", "kubeconfig", "requestTimeout", "conditionRefresh"))
                .map(n -> new ReportSettings(n.bool("enabled").orElse(true),
                        n.path("kubeconfig").map(p -> resolve(base, p)).orElse(null),
                        n.duration("requestTimeout", Duration.ofMillis(500), Duration.ofMinutes(1)).orElse(d.requestTimeout()),
                        n.duration("conditionRefresh", Duration.ofSeconds(5), Duration.ofHours(1)).orElse(d.conditionRefresh())))
                .orElse(d);
    }

    private static StatusSettings status(ConfigMap r) {
        return r.child("status", Set.of("port", "address"))
                .map(n -> new StatusSettings(n.integer("port", Integer.MIN_VALUE, Integer.MAX_VALUE).orElse(0),
                        n.text("address").map(String::strip).orElse(StatusSettings.ANY)))
                .orElse(StatusSettings.off());
    }
}
