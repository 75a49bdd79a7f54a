package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.os.KernelPattern;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.agent.supervise.RestartMode;
import dev.selfheal.agent.supervise.RestartPolicy;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigReaderTest {

    private static final Path BASE = Path.of("/etc/selfheal");

    private static AgentConfig read(String yaml) {
        return AgentConfig.parse(yaml, BASE, Map.of("NODE_NAME", "master-1"));
    }

    @Test
    void readsEverySectionAndResolvesPathsAndDefaults() {
        AgentConfig c = read("""
                node: ${NODE_NAME}
                stateDir: /var/lib/agent
                superviseInterval: 500ms
                systemctl: [nsenter, -t, '1', -m, --, systemctl]
                components:
                  - component: kubelet
                    runtime: systemd
                    unit: kubelet.service
                    restart: {mode: on-request}
                  - component: kube-apiserver
                    runtime: static-pod
                    manifest: kube-apiserver.yaml
                    probe: {type: https, url: https://127.0.0.1:6443/readyz, caFile: pki/ca.crt, certFile: pki/c.crt, keyFile: pki/c.key}
                  - component: etcd
                    runtime: process
                    manifest: manifests/etcd.yaml
                    restart: {backoff: 200ms, maxBackoff: 2s, budget: 3, window: 1m}
                    startupGrace: 5s
                checkpoint: {keep: 3, restoreAfter: 20s, etcd: {endpoint: http://127.0.0.1:2379/, interval: 5m}}
                os: {interval: 30s, diskPressurePercent: 80, kernelLog: /var/log/kern.log, clock: {reference: https://10.0.0.1:6443/healthz, maxSkew: 1s}}
                report: {kubeconfig: kubelet.conf, requestTimeout: 3s}
                """);
        assertThat(c.node()).isEqualTo("master-1");
        assertThat(c.namespace()).isEqualTo(AgentLease.DEFAULT_NAMESPACE);
        assertThat(c.superviseInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.systemctl()).containsExactly("nsenter", "-t", "1", "-m", "--", "systemctl");
        ComponentSpec kubelet = c.component("kubelet").orElseThrow();
        assertThat(kubelet.probe().url()).isEqualTo("http://127.0.0.1:10248/healthz");
        assertThat(kubelet.restart().mode()).isEqualTo(RestartMode.ON_REQUEST);
        assertThat(kubelet.reportAfter()).isZero();
        ComponentSpec api = c.component("kube-apiserver").orElseThrow();
        assertThat(api.manifest()).isEqualTo(Path.of("/etc/kubernetes/manifests/kube-apiserver.yaml"));
        assertThat(api.probe().caFile()).isEqualTo(Path.of("/etc/selfheal/pki/ca.crt"));
        assertThat(api.checkpoint()).isTrue();
        assertThat(api.restoreFromCheckpoint()).isTrue();
        assertThat(api.kubeletGrace()).as("static pod default").isEqualTo(Duration.ofSeconds(30));
        assertThat(c.component("kubelet").orElseThrow().kubeletGrace()).isZero();
        ComponentSpec etcd = c.component("etcd").orElseThrow();
        assertThat(etcd.component()).isEqualTo(Component.ETCD);
        assertThat(etcd.manifest()).isEqualTo(Path.of("/etc/selfheal/manifests/etcd.yaml"));
        assertThat(etcd.probe().expectBody()).isEqualTo("\"health\":\"true\"");
        assertThat(etcd.restart().delayAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(c.checkpoint().dir()).isEqualTo(Path.of("/var/lib/agent/checkpoints"));
        assertThat(c.checkpoint().etcd().endpoint()).isEqualTo("http://127.0.0.1:2379");
        assertThat(c.os().diskPressurePercent()).isEqualTo(80);
        assertThat(c.os().inodePressurePercent()).isEqualTo(90);
        assertThat(c.os().kernelPatterns()).isEqualTo(KernelPattern.DEFAULTS);
        assertThat(c.os().clock().maxSkew()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.report().kubeconfig()).isEqualTo(Path.of("/etc/selfheal/kubelet.conf"));
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() {
        String head = "node: n1\ncomponents:\n";
        assertThatThrownBy(() -> read("components: []"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("'node'").hasMessageContaining("is required");
        assertThatThrownBy(() -> read("node: Bad_Name\ncomponents: []")).hasMessageContaining("'node'").hasMessageContaining("DNS-1123");
        assertThatThrownBy(() -> read("node: n1")).hasMessageContaining("'components'").hasMessageContaining("is required");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: docker, unit: k}"))
                .hasMessageContaining("components[0].runtime").hasMessageContaining("allowed: systemd, process, static-pod");
        assertThatThrownBy(() -> read(head + "  - {component: kubelett, runtime: systemd, unit: k}"))
                .hasMessageContaining("components[0].component").hasMessageContaining("kubelet, container-runtime");
        assertThatThrownBy(() -> read(head + "  - {component: etcd, runtime: process}"))
                .hasMessageContaining("components[0].command").hasMessageContaining("exactly one of command");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd}"))
                .hasMessageContaining("components[0].unit").hasMessageContaining("kubelet.service");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, restart: {backoff: 5s, maxBackoff: 1s}}"))
                .hasMessageContaining("components[0].restart.maxBackoff").hasMessageContaining("at least the backoff");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, restart: {budget: 0}}"))
                .hasMessageContaining("components[0].restart.budget").hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, kubeletGrace: 5s}"))
                .hasMessageContaining("components[0].kubeletGrace").hasMessageContaining("only for runtime static-pod");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, startupGrace: soon}"))
                .hasMessageContaining("components[0].startupGrace").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, probe: {type: https, url: 'http://x'}}"))
                .hasMessageContaining("components[0].probe.url").hasMessageContaining("https://");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, probe: {type: tcp}}"))
                .hasMessageContaining("components[0].probe.address").hasMessageContaining("host:port");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k, colour: red}"))
                .hasMessageContaining("components[0].colour").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> read(head + "  - {component: kubelet, runtime: systemd, unit: k}\n  - {component: kubelet, runtime: systemd, unit: k}"))
                .hasMessageContaining("components[1].component").hasMessageContaining("appears twice");
        assertThatThrownBy(() -> read("node: ${NO_SUCH_VAR}\ncomponents: []"))
                .hasMessageContaining("'node'").hasMessageContaining("NO_SUCH_VAR");
        assertThatThrownBy(() -> read("node: n1\ncomponents: []\nos: {diskPressurePercent: 101}"))
                .hasMessageContaining("os.diskPressurePercent").hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> read("node: n1\ncomponents: []\ncheckpoint: {etcd: {endpoint: '127.0.0.1:2379'}}"))
                .hasMessageContaining("checkpoint.etcd.endpoint").hasMessageContaining("http://");
        assertThatThrownBy(() -> read("node: n1\ncomponents: []\nos: {kernelPatterns: [{condition: KernelDeadlock, reason: X, pattern: '('}]}"))
                .hasMessageContaining("os.kernelPatterns[0].pattern").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> read("node: [n1]")).hasMessageContaining("'node'").hasMessageContaining("single value");
        assertThatThrownBy(() -> read("node: n1\n  bad: : yaml")).hasMessageContaining("not valid YAML");
    }

    @Test
    void restartPolicyDoublesUpToItsMaximum() {
        RestartPolicy p = new RestartPolicy(RestartMode.AUTO, Duration.ofMillis(100), Duration.ofMillis(500), 5, Duration.ofMinutes(1));
        assertThat(p.delayAfter(0)).isZero();
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delayAfter(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delayAfter(100)).isEqualTo(Duration.ofMillis(500));
    }
}
