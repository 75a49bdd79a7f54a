package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed scenario on real nodes: a node's network is cut while its machine runs. The healer fences it through its
 * IPMI BMC (ipmi_sim, whose chassis cuts the machine's power: kubelet, containerd and the containers die),
 * releases its pods, and the Deployment's and the StatefulSet's pods run on the other real node, reading the
 * data their predecessors wrote to the storage both nodes share.
 */
@ExtendWith(E2eClusterExtension.class)
class RealNodeUnreachableIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodeUnreachableIT.class);

    @Test
    void theCutOffRealNodeIsFencedThroughIpmiAndItsPodsReadTheirDataOnTheOtherNode(E2eCluster cluster) {
        try (RealNodes nodes = RealNodes.on(cluster.kube()); Scenario s = new Scenario(cluster, "real-unreach")) {
            RealNode a = nodes.add("ru-a");
            RealNode b = nodes.add("ru-b");
            try (RealNodeBmcs bmcs = RealNodeBmcs.of(a, b)) {
                KubernetesClient client = cluster.kube().client();
                pool(client, s.pool(), a, b);
                SharedDirWorkloads apps = new SharedDirWorkloads(client, s.apps().namespace(), Workspace.newDir("shared-storage"));
                schedulable(client, b, false);
                apps.deployment("web");
                apps.statefulSet("db");
                Pod web = s.apps().awaitRunning("web", 1).get(0);
                Pod db = s.apps().awaitRunning("db", 1).get(0);
                schedulable(client, b, true);
                assertThat(List.of(web.getSpec().getNodeName(), db.getSpec().getNodeName())).containsOnly(a.name());
                Await.until("data written", Duration.ofSeconds(30),
                        () -> apps.writer("web").isPresent() && apps.writer("db").isPresent());
                List<Long> pids = List.of(a.kubeletPid(), a.containerdPid(), a.descendantPid("sleep"));
                assertThat(pids).as("kubelet, containerd, a container of " + a.name()).allMatch(p -> p > 0);
                Set<String> before = s.podUids();

                s.heal(s.config().toBuilder().provider(bmcs.provider()).build());
                s.safety().watch(a.name(), s.apps().namespace(), () -> !a.isPoweredOn());
                bmcs.beforePowerOn(s.safety()::awaitCaughtUp);
                long cut = System.nanoTime();
                a.cutNetwork();

                Pod db2 = s.awaitRunningElsewhere("db", a.name(), before);
                Pod web2 = s.awaitRunningElsewhere("web", a.name(), before);
                LOG.info("node cut off -> db and web Running on {} in {} ms", b.name(), (System.nanoTime() - cut) / 1_000_000);
                assertThat(List.of(db2.getSpec().getNodeName(), web2.getSpec().getNodeName())).containsOnly(b.name());
                assertReadsWhatWasWritten(apps, "db", db, db2);
                assertReadsWhatWasWritten(apps, "web", web, web2);
                assertThat(pids).as("the fenced machine's processes").allMatch(p -> ProcessHandle.of(p).isEmpty());
                assertThat(bmcs.bmc(a).chassisRequests()).contains("set power 0");
                assertThat(s.healer().history(a.name())).contains("fence=done", "release=done");
                s.safety().assertReleasedOnlyAfterFence();
            }
        }
    }

    private static void assertReadsWhatWasWritten(SharedDirWorkloads apps, String app, Pod first, Pod later) {
        String uid = later.getMetadata().getUid();
        Await.until(app + " pod " + uid + " read its data", Duration.ofSeconds(30), () -> apps.readBy(app, uid).isPresent());
        assertThat(apps.readBy(app, uid)).as(app + " data read on the other node")
                .contains(first.getMetadata().getUid()).isEqualTo(apps.writer(app));
    }

    static void pool(KubernetesClient client, String pool, RealNode... nodes) {
        for (RealNode n : nodes) {
            client.nodes().withName(n.name()).edit(node -> {
                node.getMetadata().getLabels().put(Ec2Machines.POOL_LABEL, pool);
                return node;
            });
        }
    }

    static void schedulable(KubernetesClient client, RealNode node, boolean schedulable) {
        client.nodes().withName(node.name()).edit(n -> {
            n.getSpec().setUnschedulable(schedulable ? null : Boolean.TRUE);
            return n;
        });
    }
}
