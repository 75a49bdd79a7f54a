package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.toxiproxy.ToxiproxyExtension;
import dev.selfheal.testbed.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed scenario on a real node: the storage of an application becomes unreachable. The storage is a real S3 bucket
 * in moto behind Toxiproxy, listening on the host's address on the node network; the pod's real liveness probe
 * (run by the node's kubelet in the container) reads it. Cut at the proxy, kubelet restarts the container until it
 * crash-loops; past the crash-loop threshold the healer's pod ladder deletes the pod once and its Deployment starts
 * a fresh one; once the storage answers again the pod runs Ready. The node is never touched: same Node, same
 * kubelet and containerd, no BMC power request, nothing fenced or released but the crash-looping pod.
 */
@ExtendWith({E2eClusterExtension.class, ToxiproxyExtension.class})
class RealNodeStorageUnreachableIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodeStorageUnreachableIT.class);
    private static final int CRASH_LOOP_RESTARTS = 3;

    @Test
    void kubeletRestartsThePodWhoseStorageIsCutTheHealerRecreatesItAndItRunsOnceTheStorageAnswers(E2eCluster cluster,
            ToxiproxyServer toxiproxy) throws Exception {
        try (RealNodes nodes = RealNodes.on(cluster.kube()); Scenario s = new Scenario(cluster, "real-storage")) {
            RealNode node = nodes.add("rs-a");
            try (RealNodeBmcs bmcs = RealNodeBmcs.of(node)) {
                KubernetesClient client = cluster.kube().client();
                RealNodeUnreachableIT.pool(client, s.pool(), node);
                URI bucket = StorageUnreachableIT.createBucket(cluster, "real-app-data");
                Proxy storage = toxiproxy.proxy("storage-real", nodes.hostAddress(), cluster.moto().hostPort());
                StorageProbedApp app = StorageProbedApp.deploy(client, s.apps().namespace(), "app", node,
                        URI.create("http://" + storage.getListen() + bucket.getPath()));
                Await.until("app Ready on " + node.name(), Duration.ofSeconds(90), () -> app.readyPod().isPresent());
                Pod first = app.readyPod().orElseThrow();
                String nodeUid = client.nodes().withName(node.name()).get().getMetadata().getUid();
                List<Long> components = List.of(node.kubeletPid(), node.containerdPid());
                s.heal(s.config().toBuilder().provider(bmcs.provider())
                        .checks(StorageUnreachableIT.crashLoopAfter(s.config().checks(), CRASH_LOOP_RESTARTS)).build());
                s.safety().watch(node.name(), s.apps().namespace(), () -> !node.isPoweredOn());

                StorageProbedApp.Restarts restarts = cutUntilRecreated(s, node.name(), storage, app, first);

                assertThat(restarts.count()).as("restarts of the first pod's container by kubelet")
                        .isGreaterThanOrEqualTo(CRASH_LOOP_RESTARTS);
                assertThat(restarts.containers()).as("containers of the first pod").hasSizeGreaterThanOrEqualTo(2);
                assertThat(app.livenessFailures(first.getMetadata().getName())).as("liveness failures kubelet reported")
                        .isPositive();
                assertThat(app.readyPod().orElseThrow().getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
                assertThat(s.healer().remediation(node.name()).orElseThrow().failureClass()).isEqualTo(FailureClass.POD_FAILURE);
                assertThat(s.healer().history(node.name())).containsExactly("delete-pod=healed");
                assertNodeUntouched(s, client, node, nodeUid, components, bmcs);
            }
        }
    }

    /**
     * Cuts the storage until the healer deleted the first pod and its replacement crash-loops too, then lets the
     * storage answer until a pod is Ready and the remediation done; what kubelet did to the first pod.
     */
    private static StorageProbedApp.Restarts cutUntilRecreated(Scenario s, String node, Proxy storage, StorageProbedApp app,
                                                               Pod first) throws IOException {
        String uid = first.getMetadata().getUid();
        long cut = System.nanoTime();
        storage.disable();
        StorageProbedApp.Restarts restarts = app.followUntilDeleted(uid, Scenario.HEALED,
                () -> s.healer().remediation(node).isPresent());
        LOG.info("storage cut -> crash-looping pod deleted by the healer in {} ms after {} restarts",
                (System.nanoTime() - cut) / 1_000_000, restarts.count());
        Await.until("its replacement crash-looping too while the storage is away", Scenario.HEALED,
                () -> app.otherCrashLooping(uid));
        storage.enable();
        long back = System.nanoTime();
        Await.until("a Ready pod once the storage answers, and the remediation done", Scenario.HEALED,
                () -> app.readyPod().isPresent() && s.healer().state(node) == RemediationState.SUCCEEDED);
        LOG.info("storage back -> pod Ready and remediation done in {} ms", (System.nanoTime() - back) / 1_000_000);
        return restarts;
    }

    private static void assertNodeUntouched(Scenario s, KubernetesClient client, RealNode node, String nodeUid,
                                            List<Long> components, RealNodeBmcs bmcs) {
        assertThat(client.nodes().withName(node.name()).get().getMetadata().getUid()).as("the node is the same")
                .isEqualTo(nodeUid);
        assertThat(s.readyNodes()).containsExactly(node.name());
        assertThat(client.nodes().withName(node.name()).get().getSpec().getTaints()).isNullOrEmpty();
        assertThat(List.of(node.kubeletPid(), node.containerdPid())).as("kubelet and containerd").isEqualTo(components);
        assertThat(node.isPoweredOn()).isTrue();
        assertThat(bmcs.bmc(node).chassisRequests()).as("BMC power requests").noneMatch(r -> r.startsWith("set"));
        s.safety().awaitCaughtUp();
        assertThat(s.safety().releases()).as("the crash-looping pod's deletion, seen by the recorder").isNotEmpty();
        s.safety().assertNothingReleasedButCrashLoopingPods();
    }
}
