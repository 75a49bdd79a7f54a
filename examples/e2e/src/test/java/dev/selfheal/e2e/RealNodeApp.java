package dev.selfheal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod pinned to a real node serving {@code up} over HTTP (busybox httpd), and what its node's container runtime
 * says of it: the running container's ID and PID (not the pod's name), for the containers-untouched checks.
 */
record RealNodeApp(KubernetesClient client, String namespace, String name, RealNode node) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the pod and waits until it is Ready. */
    static RealNodeApp start(KubernetesClient client, String namespace, String name, RealNode node) {
        return create(client, namespace, name, node, new PodSpecBuilder().withNodeName(node.name()));
    }

    /** Creates the pod for the scheduler to place on {@code node} (by its hostname label); waits until it is Ready. */
    static RealNodeApp scheduled(KubernetesClient client, String namespace, String name, RealNode node) {
        return create(client, namespace, name, node,
                new PodSpecBuilder().withNodeSelector(Map.of("kubernetes.io/hostname", node.name())));
    }

    private static RealNodeApp create(KubernetesClient client, String namespace, String name, RealNode node,
                                      PodSpecBuilder placed) {
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withSpec(placed.withTerminationGracePeriodSeconds(1L)
                        .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                        .withCommand("/bin/sh", "-c", "echo up > /tmp/index.html; exec httpd -f -p 8080 -h /tmp")
                        .endContainer().build()).build()).create();
        RealNodeApp app = new RealNodeApp(client, namespace, name, node);
        app.awaitReady(Duration.ofSeconds(90));
        return app;
    }

    Pod pod() {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    void awaitReady(Duration timeout) {
        Await.until(name + " Ready on " + node.name(), timeout, Duration.ofMillis(300), () -> {
            Pod p = pod();
            return p != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }, null);
    }

    /** The running containers' IDs, from the node's containerd. */
    List<String> containers() {
        List<String> ids = new ArrayList<>();
        json(node.crictl("ps", "--label", "io.kubernetes.pod.name=" + name, "-o", "json")).path("containers")
                .forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    /** The PID of a container (in the machine's PID namespace), from the node's containerd. */
    long pid(String container) {
        return json(node.crictl("inspect", container)).path("info").path("pid").asLong();
    }

    int restartCount() {
        return pod().getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    /** What the app answers, asked from inside its node (or why it does not). */
    String answer() {
        try {
            return node.exec("busybox", "wget", "-q", "-O", "-", "http://" + pod().getStatus().getPodIP() + ":8080/index.html").trim();
        } catch (RuntimeException e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
