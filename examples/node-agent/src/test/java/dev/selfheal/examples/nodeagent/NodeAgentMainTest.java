package dev.selfheal.examples.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.runtime.RuntimeKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentMainTest {

    private static final Path SAMPLE = Path.of("config/agent.yaml");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return NodeAgentMain.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theSampleConfigurationLoads() {
        AgentConfig c = NodeAgentMain.loadConfig(SAMPLE, Map.of("NODE_NAME", "master-1"));
        assertThat(c.node()).isEqualTo("master-1");
        assertThat(c.components()).hasSize(6);
        assertThat(c.component("kube-apiserver").orElseThrow().runtime()).isEqualTo(RuntimeKind.STATIC_POD);
        assertThat(c.component("kube-apiserver").orElseThrow().manifest()).isEqualTo(Path.of("/etc/kubernetes/manifests/kube-apiserver.yaml"));
        assertThat(c.component("kube-apiserver").orElseThrow().restoreFromCheckpoint()).isTrue();
        assertThat(c.checkpoint().etcd().endpoint()).isEqualTo("https://127.0.0.1:2379");

        assertThat(run(Map.of("NODE_NAME", "master-1"), "check-config", "--config", SAMPLE.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK: node master-1")
                .contains("kubelet: systemd kubelet.service").contains("etcd: static-pod");
    }

    @Test
    void theDaemonSetConfigurationLoadsToo() throws Exception {
        String manifest = Files.readString(Path.of("deploy/daemonset.yaml"));
        String embedded = manifest.substring(manifest.indexOf("agent.yaml: |") + "agent.yaml: |".length(), manifest.indexOf("---"))
                .lines().map(l -> l.length() >= 4 ? l.substring(4) : l).reduce("", (a, b) -> a + b + "\n");
        AgentConfig c = AgentConfig.parse(embedded, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "worker-7"));
        assertThat(c.systemctl()).startsWith("nsenter");
        assertThat(c.component("kubelet")).isPresent();
    }

    @Test
    void badConfigurationAndArgumentsFailWithExitCode2NamingTheProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("agent.yaml");
        Files.writeString(bad, "node: n1\ncomponents:\n  - {component: kubelet, runtime: docker}\n");
        assertThat(run(Map.of(), "check-config", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("components[0].runtime").contains("systemd, process, static-pod");
        assertThat(run(Map.of(), "check-config", "--config", SAMPLE.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("NODE_NAME");
        assertThat(run(Map.of(), "explode")).isEqualTo(2);
        assertThat(run(Map.of(), "recover", "--config", SAMPLE.toString(), "--bogus", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'");
    }

    @Test
    void recoverEtcdNeedsTheEtcdMemberSection() {
        assertThat(run(Map.of("NODE_NAME", "master-1"), "recover-etcd", "--config", SAMPLE.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("etcdMember").contains("recover-etcd");
    }

    @Test
    void rbacPrintsTheAgentsPermissions() {
        assertThat(run(Map.of(), "rbac", "--namespace", "ops", "--service-account", "agent")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("kind: ServiceAccount").contains("namespace: ops")
                .contains("nodes/status");
    }
}
