package dev.selfheal.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kubelet's liveness probe for pods of one app, which kwok does not simulate: the app is healthy while
 * its storage answers ({@code HEAD} on a real S3 bucket in moto, reached through Toxiproxy). When the probe
 * fails the kubelet restarts the container and leaves it waiting in {@code CrashLoopBackOff} (one restart
 * per failed probe: the back-off is compressed to the probe period); when it passes again the container runs
 * and is ready. Written to the pod's status as the kubelet writes it.
 */
final class StorageLivenessProbe implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String app;
    private final URI storage;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger passes = new AtomicInteger();

    StorageLivenessProbe(KubernetesClient admin, String namespace, String app, URI storage) {
        this.client = admin;
        this.namespace = namespace;
        this.app = app;
        this.storage = storage;
        prober.scheduleWithFixedDelay(this::probeAll, 0, 300, TimeUnit.MILLISECONDS);
    }

    /** How many probes failed so far. */
    int failures() {
        return failures.get();
    }

    /** How many probes passed so far. */
    int passes() {
        return passes.get();
    }

    private void probeAll() {
        boolean healthy = storageAnswers();
        (healthy ? passes : failures).incrementAndGet();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
        for (Pod p : pods) {
            if ("Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null
                    && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()) {
                report(p, healthy);
            }
        }
    }

    private void report(Pod pod, boolean healthy) {
        ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
        boolean running = cs.getState() != null && cs.getState().getRunning() != null;
        if (healthy && running && Boolean.TRUE.equals(cs.getReady())) {
            return;
        }
        ContainerStatus next = healthy
                ? new ContainerStatusBuilder(cs).withReady(true).withNewState().withNewRunning()
                        .withStartedAt(Instant.now().toString()).endRunning().endState().build()
                : new ContainerStatusBuilder(cs).withReady(false).withRestartCount(cs.getRestartCount() + 1)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off restarting failed container: liveness probe failed, storage unreachable")
                        .endWaiting().endState().build();
        try {
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
                p.getStatus().setContainerStatuses(List.of(next));
                p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()) || "ContainersReady".equals(c.getType()))
                        .forEach(c -> c.setStatus(healthy ? "True" : "False"));
                return p;
            });
        } catch (KubernetesClientException e) {
            // deleted or changed meanwhile: the next probe looks again
        }
    }

    private boolean storageAnswers() {
        try {
            HttpRequest head = HttpRequest.newBuilder(storage).timeout(Duration.ofMillis(800))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
