package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.internal.YamlTrees;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdFlagsAndManifestsTest {

    private static final Map<String, String> FLAGS = new LinkedHashMap<>(Map.of(
            "--initial-cluster", "a=http://h:2380,b=http://i:2380", "--initial-cluster-state", "existing"));

    @Test
    void flagsAreReplacedInBothFormsAndMissingOnesAppended() {
        List<String> out = EtcdFlags.with(List.of("etcd", "--name=a", "--initial-cluster", "a=http://h:2380",
                "--data-dir=/var/lib/etcd"), FLAGS);
        assertThat(out).containsExactly("etcd", "--name=a", "--initial-cluster=a=http://h:2380,b=http://i:2380",
                "--data-dir=/var/lib/etcd", "--initial-cluster-state=existing");
        assertThat(EtcdFlags.value(out, "--initial-cluster-state")).isEqualTo("existing");
        assertThat(EtcdFlags.value(List.of("etcd", "--name", "x"), "--name")).isEqualTo("x");
        assertThat(EtcdFlags.value(List.of("etcd"), "--name")).isNull();
    }

    @Test
    void aStaticPodManifestGetsTheFlagsInItsEtcdContainer() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: etcd, namespace: kube-system}
                spec:
                  containers:
                  - name: sidecar
                    command: [sleep, infinity]
                  - name: etcd
                    image: registry.k8s.io/etcd:3.5.21-0
                    command:
                    - etcd
                    - --name=a
                    - --initial-cluster-state=new
                """;
        Object tree = YamlTrees.load(StaticPodLocalMember.rewrite(pod, "etcd", FLAGS));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) tree)
                .get("spec")).get("containers");
        assertThat(containers.get(0).get("command")).isEqualTo(List.of("sleep", "infinity"));
        assertThat(containers.get(1).get("command")).isEqualTo(List.of("etcd", "--name=a", "--initial-cluster-state=existing",
                "--initial-cluster=a=http://h:2380,b=http://i:2380"));
        assertThat(containers.get(1).get("image")).isEqualTo("registry.k8s.io/etcd:3.5.21-0");
    }

    @Test
    void flagsGoToArgsWhenTheCommandCarriesNone() {
        String pod = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [etcd]\n    args: [--name=a]\n";
        assertThat(StaticPodLocalMember.rewrite(pod, "etcd", Map.of("--initial-cluster-state", "existing")))
                .contains("- --initial-cluster-state=existing").contains("- etcd");
    }

    @Test
    void aManifestWithoutTheContainerIsRefusedByName() {
        assertThatThrownBy(() -> StaticPodLocalMember.rewrite("kind: Pod\nspec:\n  containers:\n  - name: x\n", "etcd", FLAGS))
                .hasMessageContaining("no container named 'etcd'");
        assertThatThrownBy(() -> StaticPodLocalMember.rewrite("kind: Pod\n", "etcd", FLAGS))
                .hasMessageContaining("spec.containers");
    }

    @Test
    void settingsNameTheBadField() {
        assertThatThrownBy(() -> settings("bad name", "http://127.0.0.1:2380"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("etcdMember.name");
        assertThatThrownBy(() -> settings("a", "127.0.0.1:2380"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("etcdMember.peerUrl");
        assertThatThrownBy(() -> new EtcdMemberSettings("a", Path.of("/d"), "http://h:2379", "http://h:2380",
                List.of("http://h:2379"), null, Path.of("/c"), null, null, null, null))
                .hasMessageContaining("etcdMember.certFile");
        assertThatThrownBy(() -> new EtcdMemberSettings("a", Path.of("/d"), "http://h:2379", "http://h:2380",
                List.of("http://h:2379"), null, null, null, Duration.ofSeconds(-1), null, null))
                .hasMessageContaining("etcdMember.repairAfter");
        EtcdMemberSettings s = settings("a", "http://h:2380/");
        assertThat(s.peerUrl()).isEqualTo("http://h:2380");
        assertThat(s.peerEndpoints()).containsExactly("http://i:2379");
        assertThat(s.repairAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    private static EtcdMemberSettings settings(String name, String peer) {
        return new EtcdMemberSettings(name, Path.of("/var/lib/etcd"), "http://h:2379", peer,
                List.of("http://h:2379", "http://i:2379"), null, null, null, null, null, null);
    }
}
