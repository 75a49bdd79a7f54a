package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.toxiproxy.ToxiproxyExtension;
import dev.selfheal.testbed.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenario: the storage of an application becomes unreachable. Its liveness probe fails, the container
 * is restarted until it crash-loops; the healer (pod layer, the node is fine) deletes the pod once so its
 * controller starts a fresh one with fresh mounts; once the storage answers again the new pod runs and is
 * ready. The node and its machine are never touched. The storage is a real S3 bucket in moto behind
 * Toxiproxy, cut by disabling the proxy.
 */
@ExtendWith({E2eClusterExtension.class, ToxiproxyExtension.class})
class StorageUnreachableIT {

    @Test
    void aPodWhoseStorageIsUnreachableIsRecreatedAndRunsOnceTheStorageAnswers(E2eCluster cluster, ToxiproxyServer toxiproxy)
            throws Exception {
        try (Scenario s = new Scenario(cluster, "storage-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            URI bucket = createBucket(cluster, "app-data");
            Proxy storage = toxiproxy.proxy("storage-aws", cluster.moto().hostPort());
            s.bridge(aws.machines(s.pool()), aws.size());
            s.apps().deployment("app", 1, s.pool());
            Pod first = s.apps().awaitRunning("app", 1).get(0);
            String node = first.getSpec().getNodeName();
            String nodeUid = s.kube().client().nodes().withName(node).get().getMetadata().getUid();
            s.heal(s.config().toBuilder().checks(crashLoopAfter(s.config().checks(), 3)).provider(aws.provider()).build());
            URI viaProxy = URI.create("http://127.0.0.1:" + ToxiproxyServer.port(storage) + bucket.getPath());
            try (StorageLivenessProbe probe = new StorageLivenessProbe(s.kube().client(), s.apps().namespace(), "app", viaProxy)) {
                storage.disable();
                Await.until("the crash-looping pod deleted by the healer", Scenario.HEALED,
                        () -> s.apps().running("app").stream().noneMatch(p -> p.getMetadata().getUid().equals(first.getMetadata().getUid()))
                                && s.healer().remediation(node).isPresent());
                Await.until("its replacement failing too while the storage is away", Scenario.HEALED,
                        () -> s.apps().running("app").stream().anyMatch(StorageUnreachableIT::crashLooping));
                int passes = probe.passes();
                storage.enable();

                Await.until("the storage answering the probe again, a ready pod and the remediation done", Scenario.HEALED,
                        () -> probe.passes() >= passes + 3 && s.apps().running("app").stream().anyMatch(StorageUnreachableIT::ready)
                                && s.apps().running("app").stream().noneMatch(StorageUnreachableIT::crashLooping)
                                && s.healer().state(node) == RemediationState.SUCCEEDED);
                Pod fresh = s.apps().running("app").stream().filter(StorageUnreachableIT::ready).findFirst().orElseThrow();
                assertThat(fresh.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
                assertThat(probe.failures()).isPositive();
                assertThat(podsCreated(s)).as("pods the healer had deleted, bounded by gates.maxAttempts").isBetween(1, 3);
            }
            assertThat(s.healer().remediation(node).orElseThrow().failureClass()).isEqualTo(FailureClass.POD_FAILURE);
            assertThat(s.healer().history(node)).containsExactly("delete-pod=healed");
            assertThat(s.kube().client().nodes().withName(node).get().getMetadata().getUid()).as("the node is the same").isEqualTo(nodeUid);
            assertThat(s.readyNodes()).contains(node);
            assertThat(s.kube().client().nodes().withName(node).get().getSpec().getTaints()).isNullOrEmpty();
            assertThat(aws.machineOff(s.bridge().machineOfNode(node).orElseThrow().key())).isFalse();
            assertThat(s.bridge().machinesEverSeen()).hasSize(aws.size());
        }
    }

    private static boolean crashLooping(Pod p) {
        return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null;
    }

    /** How many times the Deployment's ReplicaSet replaced a deleted pod (its events say so). */
    private static int podsCreated(Scenario s) {
        return s.kube().client().v1().events().inNamespace(s.apps().namespace()).list().getItems().stream()
                .filter(e -> "SuccessfulCreate".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum() - 1;
    }

    private static boolean ready(Pod p) {
        return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && Boolean.TRUE.equals(p.getStatus().getContainerStatuses().get(0).getReady())
                && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
    }

    static CheckSettings crashLoopAfter(CheckSettings c, int restarts) {
        return CheckSettings.of(c.toParams().toBuilder().crashLoopRestarts(restarts).build());
    }

    static URI createBucket(E2eCluster cluster, String name) throws IOException, InterruptedException {
        URI bucket = cluster.moto().endpoint().resolve("/" + name);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(bucket)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("create bucket: " + r.body()).isEqualTo(200);
        return bucket;
    }
}
