package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The healer's image imported into a real node's containerd ({@code ctr images import}, as the README tells a
 * user) and run there: by containerd and runc directly, and as a pod that names the image as the Helm chart does
 * (short name, no registry, {@code imagePullPolicy: Never}), as user 65532.
 */
@ExtendWith(RealNodesExtension.class)
class HealerImageRealNodeIT {

    private static final String IMAGE = "docker.io/library/selfheal-standalone-healer:0.1.0-SNAPSHOT";
    private static final String SOCKET = "/run/containerd/containerd.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImportedImageRunsInContainerdAndAsAPodAsNonRoot(RealNodes nodes) throws Exception {
        RealNode node = nodes.add("image-a");
        node.importImage(HealerImageIT.ARCHIVE.toAbsolutePath());
        assertThat(node.exec("ctr", "--address", SOCKET, "-n", "k8s.io", "images", "ls", "-q")).contains(IMAGE);

        String flags = node.exec("ctr", "--address", SOCKET, "-n", "k8s.io", "run", "--rm", IMAGE, "selfheal-image-check",
                "/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+PrintFlagsFinal", "-version");
        assertThat(flags).containsPattern("MaxRAMPercentage\\s+= 75\\.0");

        KubernetesClient client = nodes.kube().client();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("healer-usage").endMetadata()
                .withNewSpec().withNodeName(node.name()).withRestartPolicy("Never")
                .addNewContainer().withName("healer").withImage("selfheal-standalone-healer:0.1.0-SNAPSHOT")
                .withImagePullPolicy("Never").withArgs("--help").endContainer().endSpec().build()).create();
        Await.until("healer-usage terminated", Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> terminated(client.pods().inNamespace("default").withName("healer-usage").get()) != null,
                () -> String.valueOf(client.pods().inNamespace("default").withName("healer-usage").get().getStatus()));
        ContainerStateTerminated end = terminated(client.pods().inNamespace("default").withName("healer-usage").get());
        assertThat(end.getExitCode()).as("the healer's exit code for an unknown argument, after its usage").isEqualTo(2);

        String id = JSON.readTree(node.crictl("ps", "-a", "--name", "healer", "-o", "json"))
                .path("containers").path(0).path("id").asText();
        JsonNode spec = JSON.readTree(node.crictl("inspect", id)).path("info").path("runtimeSpec").path("process");
        assertThat(spec.path("user").path("uid").asInt()).isEqualTo(65532);
        assertThat(spec.path("args").get(0).asText()).isEqualTo("/opt/java/bin/java");
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    }
}
