package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.internal.YamlTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kube-apiserver static pod stopped while etcd is restored: moved out, written back as a new pod. */
class LocalApiServerTest {

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: kube-apiserver
              namespace: kube-system
              annotations: {kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: '10.0.0.1:6443'}
            spec:
              containers:
              - name: kube-apiserver
                image: registry.k8s.io/kube-apiserver:v1.34.4
                command: [kube-apiserver, --etcd-servers=https://127.0.0.1:2379]
            """;

    @TempDir
    Path dir;

    @Test
    void stoppedTheManifestLeavesTheKubeletsFolderAndComesBackAsANewPodWithItsSpecKept() throws Exception {
        Path manifest = Files.writeString(Files.createDirectories(dir.resolve("manifests")).resolve("kube-apiserver.yaml"), POD);
        LocalApiServer.StaticPod api = new LocalApiServer.StaticPod(manifest, dir.resolve("parking"),
                () -> Instant.parse("2026-12-01T05:00:00Z"));

        api.stop();
        api.stop();
        assertThat(manifest).doesNotExist();
        assertThat(api.parked()).hasContent(POD);

        api.start();
        assertThat(api.parked()).doesNotExist();
        Map<?, ?> pod = (Map<?, ?>) YamlTrees.load(Files.readString(manifest));
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) ((Map<?, ?>) pod.get("metadata")).get("annotations");
        assertThat(annotations).containsEntry(LocalApiServer.StaticPod.RESTARTED_AT, (Object) "2026-12-01T05:00:00Z")
                .containsEntry("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", (Object) "10.0.0.1:6443");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) ((Map<?, ?>) pod.get("spec")).get("containers")).get(0);
        assertThat(container.get("command")).isEqualTo(List.of("kube-apiserver", "--etcd-servers=https://127.0.0.1:2379"));
        assertThat(dir.resolve("manifests")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void aRestartRewritesTheManifestInPlaceAsANewPodAndNeverRemovesIt() throws Exception {
        Path manifest = Files.writeString(dir.resolve("kube-apiserver.yaml"), POD);
        LocalApiServer.StaticPod api = new LocalApiServer.StaticPod(manifest, dir.resolve("parking"),
                () -> Instant.parse("2026-12-01T06:00:00Z"));

        api.restart();

        assertThat(Files.readString(manifest)).contains(LocalApiServer.StaticPod.RESTARTED_AT)
                .contains("2026-12-01T06:00:00Z").contains("--etcd-servers=https://127.0.0.1:2379");
        assertThat(api.parked()).doesNotExist();
        LocalApiServer.staticPod(dir.resolve("absent.yaml"), dir.resolve("parking")).restart();
        assertThat(dir.resolve("absent.yaml")).as("nothing to restart: nothing written").doesNotExist();
    }

    @Test
    void startWithoutAStopLeavesARunningApiServerAlone() throws Exception {
        Path manifest = Files.writeString(dir.resolve("kube-apiserver.yaml"), POD);
        LocalApiServer api = LocalApiServer.staticPod(manifest, dir.resolve("parking"));

        api.start();

        assertThat(manifest).hasContent(POD);
        assertThat(dir.resolve("parking")).doesNotExist();
    }

    @Test
    void aNodeWithoutTheManifestHasNothingToStopOrStart() throws Exception {
        Path manifest = dir.resolve("kube-apiserver.yaml");
        LocalApiServer api = LocalApiServer.staticPod(manifest, dir.resolve("parking"));

        api.stop();
        api.start();

        assertThat(manifest).doesNotExist();
    }

    @Test
    void aParkedManifestThatIsNoPodIsNamedAndKeptForAPerson() throws Exception {
        Path manifest = Files.writeString(dir.resolve("kube-apiserver.yaml"), "- just\n- a list\n");
        LocalApiServer.StaticPod api = new LocalApiServer.StaticPod(manifest, dir.resolve("parking"), Instant::now);
        api.stop();

        assertThatThrownBy(api::start).isInstanceOf(IOException.class).hasMessageContaining("not a Pod");
        assertThat(api.parked()).as("kept where it waited").exists();
    }
}
