package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenarios "kubelet killed" and "containerd killed" on a live real node: the agent supervises containerd and
 * kubelet as processes of the machine (CRI socket and kubelet /healthz probes) and restarts the killed one; the
 * pod's container is untouched: same container ID, same PID, restartCount unchanged, the app answering throughout.
 */
@ExtendWith(RealNodesExtension.class)
class RealNodeAgentIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAgentRestartsAKilledKubeletAndTheContainersAreUntouched(RealNodes nodes) throws Exception {
        RealNode node = nodes.addMachine("agent-real-a");
        KubernetesClient client = nodes.kube().client();
        try (NodeAgent agent = NodeAgent.builder(config(node)).build()) {
            agent.start();
            Await.until("containerd healthy under the agent", Duration.ofSeconds(60),
                    () -> agent.health("container-runtime").orElseThrow().healthy());
            node.importTestImages();
            Await.until("kubelet healthy under the agent", Duration.ofSeconds(60),
                    () -> agent.health("kubelet").orElseThrow().healthy());
            node.awaitReady(Duration.ofSeconds(90));

            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("app").endMetadata()
                    .withNewSpec().withNodeName(node.name()).withTerminationGracePeriodSeconds(1L)
                    .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                    .withCommand("/bin/sh", "-c", "echo up > /tmp/index.html; exec httpd -f -p 8080 -h /tmp")
                    .endContainer().endSpec().build()).create();
            Await.until("app Ready", Duration.ofSeconds(90), () -> ready(client.pods().inNamespace("default").withName("app").get()));
            String url = "http://" + client.pods().inNamespace("default").withName("app").get().getStatus().getPodIP()
                    + ":8080/index.html";
            String id = onlyContainer(node);
            long pid = JSON.readTree(node.crictl("inspect", id)).path("info").path("pid").asLong();
            long kubelet = node.kubeletPid();
            assertThat(kubelet).isPositive();

            new ProcessBuilder("kill", "-KILL", Long.toString(kubelet)).start().waitFor();
            assertThat(node.exec("busybox", "wget", "-q", "-O", "-", url)).as("app answers while kubelet is down").contains("up");
            Await.until("kubelet restarted by the agent", Duration.ofSeconds(60),
                    () -> node.kubeletPid() != 0 && node.kubeletPid() != kubelet && agent.health("kubelet").orElseThrow().healthy());
            node.awaitReady(Duration.ofSeconds(60));
            Await.until("app Ready after kubelet's restart", Duration.ofSeconds(60),
                    () -> ready(client.pods().inNamespace("default").withName("app").get()));

            assertThat(onlyContainer(node)).as("same container ID").isEqualTo(id);
            assertThat(JSON.readTree(node.crictl("inspect", id)).path("info").path("pid").asLong()).as("same PID").isEqualTo(pid);
            assertThat(client.pods().inNamespace("default").withName("app").get().getStatus().getContainerStatuses().get(0)
                    .getRestartCount()).as("restartCount").isZero();
            assertThat(node.exec("busybox", "wget", "-q", "-O", "-", url)).contains("up");

            long containerd = node.containerdPid();
            new ProcessBuilder("kill", "-KILL", Long.toString(containerd)).start().waitFor();
            assertThat(node.exec("busybox", "wget", "-q", "-O", "-", url)).as("app answers while containerd is down").contains("up");
            Await.until("containerd restarted by the agent", Duration.ofSeconds(60), () -> node.containerdPid() != 0
                    && node.containerdPid() != containerd && agent.health("container-runtime").orElseThrow().healthy()
                    && !node.crictl("info").isBlank()); // the new containerd serves CRI (the socket file outlives the old one)
            assertThat(onlyContainer(node)).as("same container ID after containerd's restart").isEqualTo(id);
            assertThat(JSON.readTree(node.crictl("inspect", id)).path("info").path("pid").asLong()).as("same PID").isEqualTo(pid);
            assertThat(node.isReady()).as("node Ready after containerd's restart").isTrue();
        } finally {
            node.powerOff();
        }
    }

    private static AgentConfig config(RealNode node) {
        Path dir = Workspace.newDir("agent-real");
        String yaml = """
                node: %s
                stateDir: state
                superviseInterval: 500ms
                components:
                  - component: container-runtime
                    runtime: process
                    command: %s
                    probe: {type: cri-socket, socket: '%s'}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                  - component: kubelet
                    runtime: process
                    command: %s
                    probe: {type: http, url: '%s', timeout: 2s}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                os: {enabled: false}
                report: {enabled: false}
                """.formatted(node.name(), flow(node.containerdCommand()), node.criSocket(), flow(node.kubeletCommand()),
                node.kubeletHealthz());
        return AgentConfig.parse(yaml, dir, Map.of());
    }

    private static String flow(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String onlyContainer(RealNode node) {
        try {
            JsonNode list = JSON.readTree(node.crictl("ps", "--label", "io.kubernetes.pod.name=app", "-o", "json"));
            assertThat(list.path("containers")).as("one running container of app").hasSize(1);
            return list.path("containers").get(0).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ready(Pod p) {
        return p != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
