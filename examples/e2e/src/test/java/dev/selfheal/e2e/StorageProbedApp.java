package dev.selfheal.e2e;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A Deployment of one busybox pod on a real node whose liveness and readiness probes read its storage: an exec
 * probe ({@code wget} of the storage's URL) run by the node's kubelet in the container every second, so kubelet
 * restarts the container when the storage stops answering (the probe's {@code timeoutSeconds} bounds a storage that
 * hangs: Debian's busybox-static wget crashes with its own {@code -T}). The pod uses the node's network: the testbed's pod
 * addresses are not masqueraded, so only the node's own address reaches a server on the host.
 *
 * @param client an admin client
 * @param namespace the workloads' namespace
 * @param name the Deployment and its {@code app} label
 */
record StorageProbedApp(KubernetesClient client, String namespace, String name) {

    private static final String CRASH_LOOP = "CrashLoopBackOff";

    /** Creates the Deployment, its pod pinned to {@code node}, probing {@code storage}. */
    static StorageProbedApp deploy(KubernetesClient client, String namespace, String name, RealNode node, URI storage) {
        Probe probe = new ProbeBuilder().withNewExec()
                .withCommand("wget", "-q", "-O", "/dev/null", storage.toString()).endExec()
                .withPeriodSeconds(1).withTimeoutSeconds(3).withFailureThreshold(1).build();
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata().withNewSpec()
                .withNodeSelector(Map.of("kubernetes.io/hostname", node.name())).withHostNetwork(true)
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done")
                .withLivenessProbe(probe).withReadinessProbe(probe).endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        return new StorageProbedApp(client, namespace, name);
    }

    /** The app's pods, terminating ones included. */
    List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel("app", name).list().getItems();
    }

    /** The pod {@code uid}, while it exists (terminating or not). */
    Optional<Pod> pod(String uid) {
        return pods().stream().filter(p -> p.getMetadata().getUid().equals(uid)).findFirst();
    }

    /** A pod not terminating whose container runs and is ready. */
    Optional<Pod> readyPod() {
        return pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).filter(StorageProbedApp::ready)
                .findFirst();
    }

    /** Whether a pod other than {@code uid}, not terminating, has its container waiting in {@code CrashLoopBackOff}. */
    boolean otherCrashLooping(String uid) {
        return pods().stream().filter(p -> !p.getMetadata().getUid().equals(uid))
                .anyMatch(p -> p.getMetadata().getDeletionTimestamp() == null && crashLooping(p));
    }

    /** The kubelet's liveness-probe failures reported for a pod (events {@code Unhealthy}). */
    int livenessFailures(String podName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> podName.equals(e.getInvolvedObject().getName()) && "Unhealthy".equals(e.getReason())
                        && e.getMessage() != null && e.getMessage().startsWith("Liveness probe failed"))
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    /** What kubelet did to one pod's container while it was followed: its highest restartCount, the container IDs seen. */
    record Restarts(int count, Set<String> containers) {
    }

    /** Follows pod {@code uid} until it is gone or terminating and {@code also} holds; what kubelet did meanwhile. */
    Restarts followUntilDeleted(String uid, Duration limit, BooleanSupplier also) {
        AtomicInteger restarts = new AtomicInteger();
        Set<String> containers = ConcurrentHashMap.newKeySet();
        Await.until("kubelet restarting pod " + uid + " of " + name + " until it is deleted", limit, () -> {
            Pod p = pod(uid).orElse(null);
            if (p != null) {
                restarts.accumulateAndGet(restartCount(p), Math::max);
                containerId(p).ifPresent(containers::add);
            }
            return (p == null || p.getMetadata().getDeletionTimestamp() != null) && also.getAsBoolean();
        });
        return new Restarts(restarts.get(), Set.copyOf(containers));
    }

    static int restartCount(Pod p) {
        return container(p).map(ContainerStatus::getRestartCount).orElse(0);
    }

    static Optional<String> containerId(Pod p) {
        return container(p).map(ContainerStatus::getContainerID).filter(id -> !id.isEmpty());
    }

    static boolean crashLooping(Pod p) {
        return container(p).map(c -> c.getState().getWaiting() != null
                && CRASH_LOOP.equals(c.getState().getWaiting().getReason())).orElse(false);
    }

    static boolean ready(Pod p) {
        return container(p).map(c -> Boolean.TRUE.equals(c.getReady()) && c.getState().getRunning() != null).orElse(false);
    }

    private static Optional<ContainerStatus> container(Pod p) {
        return p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? Optional.empty() : p.getStatus().getContainerStatuses().stream().findFirst();
    }
}
