package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.etcd.EtcdMemberSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdMemberConfigTest {

    private static final String ETCD = """
            node: master-1
            components:
              - {component: etcd, runtime: static-pod, manifest: etcd.yaml}
            """;

    private static AgentConfig parse(String yaml) {
        return AgentConfig.parse(yaml, Path.of("/etc/selfheal"), Map.of());
    }

    @Test
    void theEtcdMemberSectionIsRead() {
        EtcdMemberSettings m = parse(ETCD + """
                etcdMember:
                  name: master-1
                  clientUrl: https://10.0.0.1:2379
                  peerUrl: https://10.0.0.1:2380
                  endpoints: [https://10.0.0.1:2379, https://10.0.0.2:2379, https://10.0.0.3:2379]
                  caFile: pki/ca.crt
                  certFile: pki/client.crt
                  keyFile: pki/client.key
                  repairAfter: 0s
                  interval: 10s
                """).etcdMember();
        assertThat(m.name()).isEqualTo("master-1");
        assertThat(m.dataDir()).isEqualTo(Path.of("/var/lib/etcd"));
        assertThat(m.peerEndpoints()).containsExactly("https://10.0.0.2:2379", "https://10.0.0.3:2379");
        assertThat(m.caFile()).isEqualTo(Path.of("/etc/selfheal/pki/ca.crt"));
        assertThat(m.repairAfter()).isZero();
        assertThat(m.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(m.startTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(ETCD).etcdMember()).isNull();
    }

    @Test
    void badEtcdMemberSettingsNameTheField() {
        assertThatThrownBy(() -> parse(ETCD + "etcdMember: {name: m, clientUrl: 'https://h:2379', endpoints: ['https://h:2379']}\n"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("etcdMember.peerUrl");
        assertThatThrownBy(() -> parse(ETCD + "etcdMember: {name: m, clientUrl: 'https://h:2379', peerUrl: 'https://h:2380', "
                + "endpoints: ['https://h:2379'], color: red}\n"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("color");
        assertThatThrownBy(() -> parse("node: n\ncomponents:\n  - {component: kubelet, runtime: systemd, unit: kubelet.service}\n"
                + "etcdMember: {name: m, clientUrl: 'https://h:2379', peerUrl: 'https://h:2380', endpoints: ['https://h:2379']}\n"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("etcdMember").hasMessageContaining("process, static-pod");
    }
}
