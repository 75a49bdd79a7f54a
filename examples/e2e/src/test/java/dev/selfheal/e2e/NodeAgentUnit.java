package dev.selfheal.e2e;

import dev.selfheal.testbed.node.BootPlan;
import dev.selfheal.testbed.node.MachineServices;
import dev.selfheal.testbed.node.MachineUnit;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.StaticPodMaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shipped node agent (examples/node-agent: its jar and {@code lib/}) as its systemd unit
 * ({@code deploy/selfheal-node-agent.service}) runs it, started first on every boot of a real node's machine: a JVM
 * of its own with the unit's environment (JVM flags, {@code MALLOC_ARENA_MAX}) and command line, its configuration
 * in the node's folder, its state on the node's disk ({@code /var/lib/selfheal-agent}). It starts containerd and
 * kubelet as processes; on a master it also supervises and checkpoints the static pods and snapshots etcd. Its
 * status endpoint listens on the node's address, port {@value #STATUS_PORT}.
 */
final class NodeAgentUnit {

    static final int STATUS_PORT = 9464;
    static final String STATE = "/var/lib/selfheal-agent";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private NodeAgentUnit() {
    }

    /** A worker: containerd and kubelet. */
    static BootPlan worker() {
        return BootPlan.agentFirst(node -> unit(node, components(node) + common(node)));
    }

    /** A static-pod master: containerd, kubelet, the four static pods, their checkpoints and etcd snapshots. */
    static BootPlan master(Path caPem) {
        return BootPlan.agentFirst(node -> unit(node, components(node) + staticPods(node, caPem) + common(node)
                + "staticPodManifests: '" + node.staticPodPath() + "'\n"
                + "checkpoint: {keep: 3, restoreAfter: 60s, mirrorToCluster: false,"
                + " etcd: {endpoint: 'http://127.0.0.1:2379', interval: 5s, keep: 2}}\n"));
    }

    /** The checkpoints of a component's manifest on the node's disk (host path). */
    static Path manifestCheckpoints(RealNode node, String component) {
        return node.onDisk(STATE + "/checkpoints/manifests/" + component);
    }

    /** The etcd snapshots on the node's disk (host path). */
    static Path etcdSnapshots(RealNode node) {
        return node.onDisk(STATE + "/checkpoints/etcd");
    }

    /** The agent's status endpoint, reachable from the host. */
    static String status(RealNode node) {
        return "http://" + node.ip() + ":" + STATUS_PORT;
    }

    /** Whether the agent's status endpoint reports the component's probe passing (false when it does not answer). */
    static boolean componentUp(RealNode node, String component) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(status(node) + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200
                    && r.body().contains("selfheal_agent_component_up{component=\"" + component + "\"} 1");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static MachineUnit unit(RealNode node, String yaml) {
        Path config = node.directory().resolve("etc/selfheal/agent.yaml");
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, "node: " + node.name() + "\n" + yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ShippedUnit shipped = ShippedUnit.read();
        Map<String, String> env = new LinkedHashMap<>(shipped.environment());
        env.put("NODE_NAME", node.name());
        return new MachineUnit("selfheal-agent", shipped.command(config), env);
    }

    private static String components(RealNode node) {
        MachineServices services = MachineServices.inside(node);
        return """
                stateDir: %s
                superviseInterval: 500ms
                components:
                  - component: container-runtime
                    runtime: process
                    command: %s
                    probe: {type: exec, command: %s, timeout: 5s}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                  - component: kubelet
                    runtime: process
                    command: %s
                    probe: {type: http, url: '%s', timeout: 2s}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                """.formatted(STATE, flow(services.containerd()), flow(services.containerdProbe()),
                flow(services.kubelet()), node.kubeletHealthz());
    }

    private static String staticPods(RealNode node, Path caPem) {
        return """
                  - component: etcd
                    runtime: static-pod
                    manifest: etcd.yaml
                    probe: {type: http, url: 'http://127.0.0.1:2379/health', expectBody: '"health":"true"', timeout: 2s}
                    startupGrace: 60s
                    kubeletGrace: 60s
                  - component: kube-apiserver
                    runtime: static-pod
                    manifest: kube-apiserver.yaml
                    probe: {type: https, url: 'https://%s:%d/readyz', caFile: '%s', expectBody: ok, timeout: 2s}
                    startupGrace: 60s
                    kubeletGrace: 60s
                  - component: kube-controller-manager
                    runtime: static-pod
                    manifest: kube-controller-manager.yaml
                    probe: {type: none}
                  - component: kube-scheduler
                    runtime: static-pod
                    manifest: kube-scheduler.yaml
                    probe: {type: none}
                """.formatted(node.ip(), StaticPodMaster.API_PORT, caPem);
    }

    private static String common(RealNode node) {
        return """
                os: {enabled: false}
                report: {enabled: false}
                status: {port: %d, address: '%s'}
                """.formatted(STATUS_PORT, node.ip());
    }

    private static String flow(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The shipped systemd unit's {@code Environment=} and {@code ExecStart=}, its java the test's JDK, its jar the
     * one built by examples/node-agent (system property {@code selfheal.nodeAgent.jar}), its file the given one.
     */
    record ShippedUnit(Map<String, String> environment, List<String> execStart) {

        static ShippedUnit read() {
            Path file = Path.of(property("selfheal.nodeAgent.unit"));
            Map<String, String> env = new LinkedHashMap<>();
            List<String> exec = null;
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("Environment=")) {
                        String kv = line.substring("Environment=".length()).replaceAll("^\"|\"$", "");
                        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    } else if (line.startsWith("ExecStart=")) {
                        exec = List.of(line.substring("ExecStart=".length()).trim().split("\\s+"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the node agent's unit " + file, e);
            }
            if (exec == null || !env.containsKey("JAVA_TOOL_OPTIONS")) {
                throw new IllegalStateException(file + " has no ExecStart= or no JAVA_TOOL_OPTIONS");
            }
            return new ShippedUnit(env, exec);
        }

        /** ExecStart with the machine's paths: {@code java -jar <built jar> run --config <config>}. */
        List<String> command(Path config) {
            Path jar = Path.of(property("selfheal.nodeAgent.jar"));
            if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
                throw new IllegalStateException("the node agent's jar " + jar + " or its lib/ is missing: build"
                        + " examples/node-agent (package) first");
            }
            List<String> cmd = new ArrayList<>();
            for (String w : execStart) {
                cmd.add(w.endsWith("/java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                        : w.endsWith(".jar") ? jar.toString() : w.endsWith("agent.yaml") ? config.toString() : w);
                if (w.endsWith("/java")) {
                    // the log lines' time, to read a boot's timeline; logging only
                    cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
                }
            }
            return cmd;
        }

        private static String property(String name) {
            String v = System.getProperty(name);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("system property " + name + " is not set (examples/e2e/pom.xml sets it)");
            }
            return v;
        }
    }
}
