package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.internal.TlsContexts;
import dev.selfheal.agent.os.OsCheckSettings;
import dev.selfheal.agent.supervise.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The node agent's YAML, one table per class of input that used to be misread or accepted though unusable. */
class AgentConfigReaderRulesTest {

    private static final String HEAD = "node: n1\ncomponents:\n";
    private static final String KUBELET = "  - {component: kubelet, runtime: systemd, unit: kubelet.service";

    private static AgentConfig read(String yaml) {
        return AgentConfig.parse(yaml, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "n1"));
    }

    @Test
    void aliasesReadAsTheirValueAndNullsAsNotSet() {
        AgentConfig c = read("""
                node: &n n1
                namespace: ~
                stateDir:
                components:
                  - {component: kubelet, runtime: systemd, unit: kubelet.service, restart: &r {backoff: 2s, budget: ~}}
                  - {component: kube-proxy, runtime: systemd, unit: kube-proxy.service, restart: *r}
                os: {clock: {reference: 'https://n1:6443/healthz'}, readOnlyPaths: ~}
                """);
        assertThat(c.node()).isEqualTo("n1");
        assertThat(c.namespace()).isEqualTo("selfheal-system");
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/selfheal-agent"));
        assertThat(c.component("kube-proxy").orElseThrow().restart().backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.component("kube-proxy").orElseThrow().restart().budget()).isEqualTo(RestartPolicy.defaults().budget());
        assertThat(c.os().readOnlyPaths()).isEqualTo(OsCheckSettings.defaults().readOnlyPaths());
        assertThatThrownBy(() -> read("node: *nope\ncomponents: []")).isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("undefined alias");
        assertThatThrownBy(() -> read("node: ~\ncomponents: []")).hasMessageContaining("'node'").hasMessageContaining("required");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(KUBELET + ", probe: {type: https, url: 'https://host/%'}}", "components[0].probe.url"),
                Arguments.of(KUBELET + ", probe: {type: http, url: 'http://host:99999/healthz'}}", "components[0].probe.url"),
                Arguments.of(KUBELET + ", probe: {type: http, url: 'http://host:0/healthz'}}", "components[0].probe.url"),
                Arguments.of(KUBELET + ", probe: {type: tcp, address: 'host:99999'}}", "components[0].probe.address"),
                Arguments.of(KUBELET + ", probe: {type: tcp, address: 'host:0'}}", "components[0].probe.address"),
                Arguments.of(KUBELET + ", probe: {type: tcp, address: 'ho st:80'}}", "components[0].probe.address"),
                Arguments.of(KUBELET + ", probe: {type: cri-socket, socket: \"/run/a\\0b\"}}", "components[0].probe.socket"),
                Arguments.of(KUBELET + ", probe: {type: https, url: 'https://h/', caFile: \"\\0\"}}", "components[0].probe.caFile"),
                Arguments.of(KUBELET + ", failureThreshold: ٣}", "components[0].failureThreshold"),
                Arguments.of(KUBELET + ", checkpoint: yes}", "components[0].checkpoint"),
                Arguments.of(KUBELET + ", unit: [a]}", "components[0].unit"),
                Arguments.of(KUBELET + ", env: {A: [x]}}", "components[0].env.A"),
                Arguments.of(KUBELET + ", unit: x}", "components[0].unit"),
                Arguments.of("  - ~", "components[0]"),
                Arguments.of("  - {component: etcd, runtime: process, command: [etcd, ~]}", "components[0].command[1]"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void componentValuesAreRefusedWhenReadNamingTheField(String component, String field) {
        assertThatThrownBy(() -> read(HEAD + component)).isInstanceOf(AgentConfigException.class)
                .satisfies(e -> assertThat(((AgentConfigException) e).field()).isEqualTo(field));
    }

    static Stream<Arguments> refusedTop() {
        return Stream.of(
                Arguments.of("checkpoint: {etcd: {endpoint: 'http://127.0.0.1:99999'}}", "checkpoint.etcd.endpoint"),
                Arguments.of("checkpoint: {etcd: {endpoint: 'https://etcd/%'}}", "checkpoint.etcd.endpoint"),
                Arguments.of("os: {clock: {reference: 'https://host:0/'}}", "os.clock.reference"),
                Arguments.of("os: {clock: {reference: 'https://host/%zz'}}", "os.clock.reference"),
                Arguments.of("os: {diskPaths: [/, \"/a\\0\"]}", "os.diskPaths[1]"),
                Arguments.of("os: {diskPressurePercent: ٩٠}", "os.diskPressurePercent"),
                Arguments.of("stateDir: \"/var/\\0\"", "stateDir"),
                Arguments.of("report: {kubeconfig: \"\\x01\"}", "report.kubeconfig"),
                Arguments.of("report: {enabled: true, enabled: false}", "report.enabled"),
                Arguments.of("systemctl: [systemctl, [x]]", "systemctl[1]"));
    }

    @ParameterizedTest
    @MethodSource("refusedTop")
    void settingsAreRefusedWhenReadNamingTheField(String line, String field) {
        assertThatThrownBy(() -> read(HEAD + KUBELET + "}\n" + line)).isInstanceOf(AgentConfigException.class)
                .satisfies(e -> assertThat(((AgentConfigException) e).field()).isEqualTo(field));
    }

    @Test
    void integerErrorsStateTheRangeAndTheFileMustBeRegular(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> read(HEAD + KUBELET + ", failureThreshold: ٣}")).hasMessageContaining("allowed range: 1 to 100");
        Path fifo = dir.resolve("agent.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> AgentConfigReader.read(fifo, Map.of()))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("(file)").hasMessageContaining("special file"));
        Path ok = Files.writeString(dir.resolve("ok.yaml"), HEAD + KUBELET + "}\n");
        assertThat(AgentConfigReader.read(ok, Map.of()).node()).isEqualTo("n1");
    }

    @Test
    void tlsFilesThatAreDevicesFifosOrFoldersFailAtOnceNamingThemNeverHang(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("ca.pem");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> TlsContexts.create(Path.of("/dev/zero"), null, null, false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("caFile=/dev/zero").hasMessageContaining("special file");
            assertThatThrownBy(() -> TlsContexts.create(fifo, null, null, false)).hasMessageContaining("special file");
            assertThatThrownBy(() -> TlsContexts.create(null, dir, Path.of("/dev/zero"), false)).hasMessageContaining("a directory");
        });
    }
}
