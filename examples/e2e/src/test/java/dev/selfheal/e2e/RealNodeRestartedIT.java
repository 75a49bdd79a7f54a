package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed scenario on a real node: the machine is restarted through its BMC (ipmitool over RMCP+ to ipmi_sim, whose
 * chassis cuts and restores the machine's power). On boot the node agent (the shipped program, a process of the
 * machine: {@link NodeAgentUnit}) starts first from its local configuration file alone and starts containerd and
 * kubelet; the node returns Ready and its pod runs on it again
 * (the same pod, in a new container); the healer releases and fences nothing.
 */
@ExtendWith(E2eClusterExtension.class)
class RealNodeRestartedIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodeRestartedIT.class);

    @Test
    void afterAResetThroughTheBmcTheAgentBringsTheNodeBackAndItsPodRunsAgain(E2eCluster cluster) {
        try (RealNodes nodes = RealNodes.on(cluster.kube()); Scenario s = new Scenario(cluster, "real-restart")) {
            RealNode node = nodes.add("rr-a", NodeAgentUnit.worker());
            try (RealNodeBmcs bmcs = RealNodeBmcs.booting(node, node::powerOn); InfrastructureProvider ipmi = bmcs.newProvider()) {
                awaitAgentHealthy(node);
                long agent = node.pidOf("java");
                RealNodeUnreachableIT.pool(cluster.kube().client(), s.pool(), node);
                RealNodeApp app = RealNodeApp.start(cluster.kube().client(), s.apps().namespace(), "app", node);
                String uid = app.pod().getMetadata().getUid();
                String id = app.containers().get(0);
                long httpd = node.descendantPid("httpd");
                long kubelet = node.kubeletPid();
                s.heal(s.config().toBuilder().provider(bmcs.provider()).build());
                s.safety().watch(node.name(), s.apps().namespace(), () -> !node.isPoweredOn());
                MachineRef machine = ipmi.resolve(NodeDescriptor.of(node.name(), null)).orElseThrow();

                long t0 = System.nanoTime();
                Instant reset = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                assertThat(ipmi.reboot(machine).detail()).contains("forced restart");
                Await.until("the old processes gone with the power", Duration.ofSeconds(20),
                        () -> ProcessHandle.of(httpd).isEmpty() && ProcessHandle.of(kubelet).isEmpty());
                awaitAgentHealthy(node);
                Await.until("Ready reported by the booted kubelet", Duration.ofSeconds(90), Duration.ofMillis(200),
                        () -> readySince(cluster.kube().client(), node, reset), null);
                LOG.info("machine reset through the BMC -> node Ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
                Await.until("app running again in a new container", Duration.ofSeconds(90), Duration.ofMillis(300),
                        () -> app.containers().size() == 1 && !app.containers().contains(id), null);
                app.awaitReady(Duration.ofSeconds(60));

                assertThat(app.pod().getMetadata().getUid()).as("the same pod, never deleted").isEqualTo(uid);
                assertThat(app.answer()).isEqualTo("up");
                assertThat(node.kubeletPid()).as("kubelet started on boot").isPositive().isNotEqualTo(kubelet);
                assertThat(node.pidOf("java")).as("the agent, a process of the machine, started on boot").isPositive()
                        .isNotEqualTo(agent);
                assertThat(bmcs.bmc(node).chassisRequests().stream().filter(r -> r.startsWith("set power")).toList())
                        .as("the only power requests: the reset's").containsExactly("set power 0", "set power 1");
                s.healer().healer().evaluateNow();
                assertThat(s.healer().history(node.name())).noneMatch(h -> h.startsWith("fence") || h.startsWith("reboot"));
                s.safety().assertNothingReleased();
            }
        }
    }

    /** The agent (a process of the machine) reports containerd and kubelet healthy on its status endpoint. */
    private static void awaitAgentHealthy(RealNode node) {
        Await.until("containerd and kubelet of " + node.name() + " healthy under the agent", Duration.ofSeconds(90),
                Duration.ofMillis(200), () -> NodeAgentUnit.componentUp(node, "container-runtime")
                        && NodeAgentUnit.componentUp(node, "kubelet"), null);
    }

    /** The Node is Ready by a heartbeat at or after {@code since} (the Ready of before the reset lingers a while). */
    private static boolean readySince(KubernetesClient client, RealNode node, Instant since) {
        Node n = client.nodes().withName(node.name()).get();
        return n != null && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()) && !Instant.parse(c.getLastHeartbeatTime()).isBefore(since));
    }
}
