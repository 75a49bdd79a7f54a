package dev.selfheal.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.core.health.AgentProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an {@link AgentConfig} from YAML, strictly: an unknown key or a bad value fails naming the field and
 * what is allowed. Durations are {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601; {@code ${VAR}}
 * takes a value from the environment; relative paths resolve against the configuration file's directory
 * (static pod manifests against {@code staticPodManifests}). Only {@code node} and {@code components} are
 * required:
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
 * </pre>
 */
public final class AgentConfigReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("node", "namespace", "stateDir", "superviseInterval",
            "staticPodManifests", "systemctl", "components", "checkpoint", "os", "report");

    private AgentConfigReader() {
    }

    /** Reads a file. */
    public static AgentConfig read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new AgentConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return read(text, base, env);
    }

    /** Reads YAML text; relative paths resolve against {@code baseDir}. */
    public static AgentConfig read(String yaml, Path baseDir, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new AgentConfigException("(document)", "not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new AgentConfigException("node", "is required; the configuration is empty");
        }
        ConfigNode r = new ConfigNode("", root, TOP, env);
        String node = r.requiredText("node", "the node name, such as worker-1 or ${NODE_NAME}");
        Path stateDir = resolve(baseDir, r.path("stateDir").orElse(Path.of("/var/lib/selfheal-agent")));
        Path staticPods = resolve(baseDir, r.path("staticPodManifests").orElse(Path.of("/etc/kubernetes/manifests")));
        if (!r.has("components")) {
            throw new AgentConfigException("components", "is required: a list of the components to supervise");
        }
        List<ComponentSpec> components = new ArrayList<>();
        for (ConfigNode c : r.list("components", ComponentSpecReader.KEYS)) {
            components.add(ComponentSpecReader.read(c, baseDir, staticPods));
        }
        return new AgentConfig(node, r.text("namespace").orElse(AgentProtocol.DEFAULT_NAMESPACE), stateDir,
                r.duration("superviseInterval", Duration.ofMillis(100), Duration.ofMinutes(1)).orElse(Duration.ofSeconds(1)),
                staticPods, r.has("systemctl") ? r.strings("systemctl") : List.of("systemctl"), components,
                checkpoint(r, baseDir, stateDir), os(r, baseDir), report(r, baseDir));
    }

    static Path resolve(Path base, Path p) {
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }

    private static CheckpointSettings checkpoint(ConfigNode r, Path base, Path stateDir) {
        ConfigNode c = r.child("checkpoint", Set.of("dir", "keep", "restoreAfter", "mirrorToCluster", "etcd")).orElse(null);
        if (c == null) {
            return new CheckpointSettings(stateDir.resolve("checkpoints"), 5, Duration.ofSeconds(10), true, null);
        }
        EtcdSnapshotSettings etcd = c.child("etcd", Set.of("endpoint", "interval", "keep", "caFile", "certFile", "keyFile"))
                .map(e -> new EtcdSnapshotSettings(e.requiredText("endpoint", "an etcd client URL such as http://127.0.0.1:2379"),
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

    private static OsCheckSettings os(ConfigNode r, Path base) {
        ConfigNode o = r.child("os", Set.of("enabled", "interval", "readOnlyPaths", "diskPaths", "diskPressurePercent",
                "inodePressurePercent", "kernelLog", "kernelPatterns", "clock")).orElse(null);
        OsCheckSettings d = OsCheckSettings.defaults();
        if (o == null) {
            return d;
        }
        List<KernelPattern> patterns = o.has("kernelPatterns") ? new ArrayList<>() : d.kernelPatterns();
        for (ConfigNode p : o.list("kernelPatterns", Set.of("condition", "reason", "pattern"))) {
            patterns.add(new KernelPattern(p.requiredText("condition", "a condition type such as KernelDeadlock"),
                    p.requiredText("reason", "a reason such as TaskHung"), regex(p)));
        }
        ClockSettings clock = o.child("clock", Set.of("reference", "maxSkew", "caFile", "insecureSkipVerify"))
                .map(c -> new ClockSettings(c.requiredText("reference", "an http:// or https:// URL"),
                        c.duration("maxSkew", Duration.ofMillis(100), Duration.ofHours(1)).orElse(Duration.ofSeconds(2)),
                        c.path("caFile").map(p -> resolve(base, p)).orElse(null), c.bool("insecureSkipVerify").orElse(false)))
                .orElse(null);
        Path kernelLog = o.text("kernelLog").map(s -> s.isEmpty() || s.equals("none") ? null : resolve(base, Path.of(s)))
                .orElse(d.kernelLog());
        return new OsCheckSettings(o.bool("enabled").orElse(true),
                o.duration("interval", Duration.ofSeconds(1), Duration.ofHours(1)).orElse(d.interval()),
                o.has("readOnlyPaths") ? o.strings("readOnlyPaths").stream().map(Path::of).toList() : d.readOnlyPaths(),
                o.has("diskPaths") ? o.strings("diskPaths").stream().map(Path::of).toList() : d.diskPaths(),
                o.integer("diskPressurePercent", 1, 100).orElse(d.diskPressurePercent()),
                o.integer("inodePressurePercent", 1, 100).orElse(d.inodePressurePercent()), kernelLog, patterns, clock);
    }

    private static Pattern regex(ConfigNode p) {
        String s = p.requiredText("pattern", "a Java regular expression");
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new AgentConfigException(p.field("pattern"), "not a valid regular expression: " + e.getDescription());
        }
    }

    private static ReportSettings report(ConfigNode r, Path base) {
        ReportSettings d = ReportSettings.defaults();
        return r.child("report", Set.of("enabled", "kubeconfig", "requestTimeout", "conditionRefresh"))
                .map(n -> new ReportSettings(n.bool("enabled").orElse(true),
                        n.path("kubeconfig").map(p -> resolve(base, p)).orElse(null),
                        n.duration("requestTimeout", Duration.ofMillis(500), Duration.ofMinutes(1)).orElse(d.requestTimeout()),
                        n.duration("conditionRefresh", Duration.ofSeconds(5), Duration.ofHours(1)).orElse(d.conditionRefresh())))
                .orElse(d);
    }
}
