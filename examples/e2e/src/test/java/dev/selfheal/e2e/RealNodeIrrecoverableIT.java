package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed scenario on real nodes: a node's disk is corrupted and its kubelet and containerd crash; the machine never
 * comes back after a power-on (containerd cannot start). The healer reboots it through its Redfish BMC (sushy-tools,
 * whose system drives the machine's power), in vain; fences it (a Redfish ForceOff: the machine's processes die),
 * releases its pods and has the bare-metal provider re-provision the server by PXE: the machine comes up as a fresh
 * node (new disk, new boot id) that registers, the old Node is removed, and the Deployment's and the StatefulSet's
 * pods run on the fresh node, reading the data their predecessors wrote to the shared storage.
 */
@ExtendWith(E2eClusterExtension.class)
class RealNodeIrrecoverableIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodeIrrecoverableIT.class);
    private static final String FRESH = "rb-fresh";

    @Test
    void theBrokenRealNodeIsFencedThroughRedfishAndReprovisionedByPxeAsAFreshNodeRunningItsWorkloads(E2eCluster cluster) {
        try (RealNodes nodes = RealNodes.on(cluster.kube()); Scenario s = new Scenario(cluster, "real-broken")) {
            RealNode a = nodes.add("rb-a");
            RealNode b = nodes.add("rb-b");
            KubernetesClient client = cluster.kube().client();
            try (RealNodeRedfish bmc = RealNodeRedfish.of(a, (n, device) -> "Pxe".equals(device)
                    ? reprovision(nodes, client, s.pool()) : bootFromDisk(n), FRESH)) {
                RealNodeUnreachableIT.pool(client, s.pool(), a, b);
                // b stays cordoned: the workloads can run again only on the re-provisioned machine
                RealNodeUnreachableIT.schedulable(client, b, false);
                SharedDirWorkloads apps = new SharedDirWorkloads(client, s.apps().namespace(), Workspace.newDir("shared-storage"));
                apps.deployment("web");
                apps.statefulSet("db");
                Pod web = s.apps().awaitRunning("web", 1).get(0);
                Pod db = s.apps().awaitRunning("db", 1).get(0);
                Await.until("data written", Duration.ofSeconds(30),
                        () -> apps.writer("web").isPresent() && apps.writer("db").isPresent());
                List<Long> pids = List.of(a.kubeletPid(), a.containerdPid(), a.descendantPid("sleep"));
                assertThat(pids).as("kubelet, containerd, a container of " + a.name()).allMatch(p -> p > 0);
                String bootId = bootId(client.nodes().withName(a.name()).get());
                Set<String> before = s.podUids();

                s.heal(s.config().toBuilder().provider(bmc.provider()).build());
                s.safety().watch(a.name(), s.apps().namespace(), () -> !a.isPoweredOn() && "Off".equals(bmc.powerState()));
                bmc.beforePowerOn(s.safety()::awaitCaughtUp);
                long broken = System.nanoTime();
                a.corruptDisk();
                a.killKubelet();
                a.killContainerd();

                Pod db2 = s.awaitRunningElsewhere("db", a.name(), before);
                Pod web2 = s.awaitRunningElsewhere("web", a.name(), before);
                LOG.info("node broken -> db and web Running on the re-provisioned node in {} ms",
                        (System.nanoTime() - broken) / 1_000_000);
                s.awaitRemediation(a.name(), RemediationState.SUCCEEDED);

                assertThat(List.of(db2.getSpec().getNodeName(), web2.getSpec().getNodeName())).containsOnly(FRESH);
                assertReadsWhatWasWritten(apps, "db", db, db2);
                assertReadsWhatWasWritten(apps, "web", web, web2);
                assertThat(pids).as("the broken machine's processes").allMatch(p -> ProcessHandle.of(p).isEmpty());
                assertThat(a.isPoweredOn()).as("the broken machine's power after the fence").isFalse();
                assertThat(bmc.node().name()).as("the node the machine runs").isEqualTo(FRESH);
                assertThat(client.nodes().withName(a.name()).get()).as("the old Node").isNull();
                Node fresh = client.nodes().withName(FRESH).get();
                assertThat(Scenario.isReady(fresh)).as("the fresh node Ready").isTrue();
                assertThat(bootId(fresh)).as("the fresh node's boot id").isNotBlank().isNotEqualTo(bootId);
                assertThat(bootOverride(bmc)).as("boot override of the re-provisioned server").isEqualTo("Pxe");
                assertThat(bmc.pxeBoots()).as("PXE boots that waited for the test's power-on gate").isEqualTo(1);
                assertThat(s.healer().history(a.name())).as("the ladder: a reboot in vain, then fence, release, replace")
                        .containsSubsequence("fence=done", "release=done", "replace=done", "remove-node=healed")
                        .anyMatch(h -> h.startsWith("reboot=")).doesNotContain("reboot=healed");
                s.safety().assertReleasedOnlyAfterFence();
                s.safety().assertReplacedOnce();
            }
        }
    }

    /** A power-on from the machine's own disk: the machine comes on, but with its disk corrupted the node does not. */
    private static RealNode bootFromDisk(RealNode node) {
        node.powerOnMachine();
        try {
            node.startContainerd();
            node.importTestImages();
            node.startKubelet();
        } catch (RuntimeException e) {
            LOG.info("node {} does not come up after power-on: {}", node.name(), e.toString());
        }
        return node;
    }

    /** A network boot re-provisions the server: a fresh OS (disk, credentials, boot id) registering as a new node. */
    private static RealNode reprovision(RealNodes nodes, KubernetesClient client, String pool) {
        RealNode fresh = nodes.add(FRESH);
        RealNodeUnreachableIT.pool(client, pool, fresh);
        return fresh;
    }

    private static String bootId(Node n) {
        return n.getStatus().getNodeInfo().getBootID();
    }

    private static String bootOverride(RealNodeRedfish bmc) {
        try {
            return new ObjectMapper().readTree(bmc.bmc().get(bmc.bmc().systemPath(bmc.systemId())).body())
                    .path("Boot").path("BootSourceOverrideTarget").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertReadsWhatWasWritten(SharedDirWorkloads apps, String app, Pod first, Pod later) {
        String uid = later.getMetadata().getUid();
        Await.until(app + " pod " + uid + " read its data", Duration.ofSeconds(30), () -> apps.readBy(app, uid).isPresent());
        assertThat(apps.readBy(app, uid)).as(app + " data read on the fresh node")
                .contains(first.getMetadata().getUid()).isEqualTo(apps.writer(app));
    }
}
