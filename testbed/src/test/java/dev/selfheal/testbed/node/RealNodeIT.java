package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two real nodes join the testbed's API server, run pods that reach each other, and survive a kubelet crash. */
@ExtendWith(RealNodesExtension.class)
class RealNodeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void podsOnTwoRealNodesReachEachOtherAndSurviveAKubeletCrash(RealNodes nodes) throws Exception {
        RealNode a = nodes.add("real-a");
        RealNode b = nodes.add("real-b");
        KubernetesClient client = nodes.kube().client();

        Pod server = run(client, "web-a", a, "echo hello-from-a > /tmp/index.html; exec httpd -f -p 8080 -h /tmp");
        run(client, "probe-b", b, "exec sleep 3600");
        assertThat(server.getStatus().getPodIP()).as("pod IP in node a's range").startsWith("10.245.1.");

        String probe = containerId(b, "probe-b");
        String url = "http://" + server.getStatus().getPodIP() + ":8080/index.html";
        assertThat(b.crictl("exec", probe, "wget", "-q", "-O", "-", url)).contains("hello-from-a");

        String web = containerId(a, "web-a");
        long pid = containerPid(a, web);
        a.killKubelet();
        assertThat(a.kubeletPid()).as("kubelet gone").isZero();
        assertThat(b.crictl("exec", probe, "wget", "-q", "-O", "-", url)).as("app answers without kubelet")
                .contains("hello-from-a");

        a.startKubelet();
        a.awaitReady(Duration.ofSeconds(60));
        Await.until("web-a Ready again", Duration.ofSeconds(60), () -> ready(client.pods().inNamespace("default").withName("web-a").get()));
        assertThat(containerId(a, "web-a")).as("same container").isEqualTo(web);
        assertThat(containerPid(a, web)).as("same process").isEqualTo(pid);
        assertThat(client.pods().inNamespace("default").withName("web-a").get().getStatus().getContainerStatuses().get(0).getRestartCount())
                .as("restartCount").isZero();
        assertThat(b.crictl("exec", probe, "wget", "-q", "-O", "-", url)).contains("hello-from-a");
        assertNodeAuthorizer(nodes, a, b);
    }

    /** kubelet's identity is a node's: it reads its own Node, and may neither change another nor list Secrets. */
    private static void assertNodeAuthorizer(RealNodes nodes, RealNode self, RealNode other) throws Exception {
        Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(nodes.kube().apiServerUrl())
                .withCaCertFile(nodes.kube().certificateAuthority().caPem().toString())
                .withClientCertFile(self.credentials().certificate().toString())
                .withClientKeyFile(self.credentials().key().toString()).build();
        try (KubernetesClient asNode = new KubernetesClientBuilder().withConfig(cfg).build()) {
            assertThat(asNode.nodes().withName(self.name()).get().getMetadata().getName()).isEqualTo(self.name());
            assertThatThrownBy(() -> asNode.nodes().withName(other.name()).edit(n -> {
                n.getMetadata().getLabels().put("taken-over", "yes");
                return n;
            })).isInstanceOf(KubernetesClientException.class).extracting(e -> ((KubernetesClientException) e).getCode())
                    .isEqualTo(403);
            assertThatThrownBy(() -> asNode.secrets().inNamespace("default").list())
                    .isInstanceOf(KubernetesClientException.class).extracting(e -> ((KubernetesClientException) e).getCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void containersOutliveAContainerdCrashAndDieWithThePower(RealNodes nodes) throws Exception {
        RealNode c = nodes.add("real-c");
        KubernetesClient client = nodes.kube().client();
        run(client, "sleeper-c", c, "exec sleep 3600");
        String id = containerId(c, "sleeper-c");
        long hostPid = Procs.descendant(c.initPid(), "sleep").orElseThrow();

        c.killContainerd();
        assertThat(c.containerdPid()).as("containerd gone").isZero();
        assertThat(ProcessHandle.of(hostPid)).as("container process outlives containerd").isPresent();
        c.startContainerd();
        assertThat(containerId(c, "sleeper-c")).as("containerd finds the same container").isEqualTo(id);
        c.awaitReady(Duration.ofSeconds(60));

        c.powerOff();
        assertThat(c.isPoweredOn()).isFalse();
        Await.until("the container process gone with the power", Duration.ofSeconds(10),
                () -> ProcessHandle.of(hostPid).isEmpty());
        c.powerOn();
        c.awaitReady(Duration.ofSeconds(90));
        Await.until("sleeper-c running again after boot", Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> ready(client.pods().inNamespace("default").withName("sleeper-c").get())
                        && running(c, "sleeper-c").size() == 1 && !running(c, "sleeper-c").contains(id), null);
    }

    private static Pod run(KubernetesClient client, String name, RealNode node, String script) {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node.name()).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("/bin/sh", "-c", script).endContainer().endSpec().build()).create();
        Await.until(name + " Ready on " + node.name(), Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> ready(client.pods().inNamespace("default").withName(name).get()),
                () -> String.valueOf(client.pods().inNamespace("default").withName(name).get().getStatus()));
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean ready(Pod p) {
        return p != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String containerId(RealNode node, String pod) {
        List<String> ids = running(node, pod);
        assertThat(ids).as("one running container of " + pod).hasSize(1);
        return ids.get(0);
    }

    private static List<String> running(RealNode node, String pod) {
        List<String> ids = new ArrayList<>();
        json(node.crictl("ps", "--label", "io.kubernetes.pod.name=" + pod, "-o", "json")).path("containers")
                .forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static long containerPid(RealNode node, String id) {
        long pid = json(node.crictl("inspect", id)).path("info").path("pid").asLong();
        assertThat(pid).as("pid of " + id).isPositive();
        return pid;
    }
}
