package dev.selfheal.agent;

import static dev.selfheal.testbed.config.ConfigMutations.FILES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.testbed.config.ConfigMutations;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many randomly mutated agent configuration files ({@link ConfigMutations}): each either loads or is refused with
 * {@link AgentConfigException} naming a field; never another exception, never a hang.
 */
class MutatedAgentConfigTest {

    static final String AGENT = """
            node: ${NODE_NAME}
            stateDir: /var/lib/agent
            superviseInterval: 500ms
            systemctl: [systemctl]
            components:
              - component: kubelet
                runtime: systemd
                unit: kubelet.service
                restart: {mode: on-request, budget: 5}
              - component: kube-apiserver
                runtime: static-pod
                manifest: kube-apiserver.yaml
                probe: {type: https, url: 'https://127.0.0.1:6443/readyz', caFile: pki/ca.crt, timeout: 2s}
              - component: etcd
                runtime: process
                command: [/usr/bin/etcd, --data-dir=/var/lib/etcd]
                env: {GOMAXPROCS: '2'}
                probe: {type: tcp, address: '127.0.0.1:2379'}
            checkpoint: {keep: 3, etcd: {endpoint: 'http://127.0.0.1:2379', interval: 5m}}
            os: {interval: 30s, diskPressurePercent: 80, diskPaths: [/], clock: {reference: 'https://10.0.0.1:6443/healthz'}}
            report: {kubeconfig: kubelet.conf, requestTimeout: 3s}
            """;

    @Test
    void everyMutatedAgentConfigurationLoadsOrIsRefusedNamingAField() {
        assertThat(AgentConfig.parse(AGENT, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "n1")).components()).hasSize(3);
        int refused = ConfigMutations.run(AGENT, 20251201L, yaml -> AgentConfig.parse(yaml, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "n1")),
                e -> e instanceof AgentConfigException a ? a.field() : null);
        assertThat(refused).as("the mutations reach the checks").isGreaterThan(FILES / 10).isLessThan(FILES);
    }
}
