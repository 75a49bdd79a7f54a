package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed scenarios on a real node: kubelet, then containerd, killed on a live machine whose node agent supervises
 * them (started from its local configuration). The agent restarts each; the app's container is untouched (same
 * container ID and PID, restartCount 0, answering throughout); the healer, running with its IPMI provider, never
 * reboots, fences or releases anything.
 */
@ExtendWith(E2eClusterExtension.class)
class RealNodeComponentsKilledIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodeComponentsKilledIT.class);

    @Test
    void theAgentRestartsKubeletAndContainerdAndTheContainersAndTheMachineAreUntouched(E2eCluster cluster) throws Exception {
        try (RealNodes nodes = RealNodes.on(cluster.kube()); Scenario s = new Scenario(cluster, "real-kill")) {
            RealNode node = nodes.addMachine("rk-a");
            try (RealNodeAgent agent = RealNodeAgent.install(node); RealNodeBmcs bmcs = RealNodeBmcs.booting(node, agent::boot)) {
                agent.start();
                agent.awaitHealthy(Duration.ofSeconds(60));
                node.importTestImages();
                node.awaitReady(Duration.ofSeconds(90));
                RealNodeUnreachableIT.pool(cluster.kube().client(), s.pool(), node);
                RealNodeApp app = RealNodeApp.start(cluster.kube().client(), s.apps().namespace(), "app", node);
                String id = app.containers().get(0);
                long pid = app.pid(id);
                s.heal(s.config().toBuilder().provider(bmcs.provider()).build());
                s.safety().watch(node.name(), s.apps().namespace(), () -> !node.isPoweredOn());

                kill(node, "kubelet", node::kubeletPid, agent, app);
                kill(node, "containerd", node::containerdPid, agent, app);

                app.awaitReady(Duration.ofSeconds(60));
                assertThat(app.containers()).as("same container").containsExactly(id);
                assertThat(app.pid(id)).as("same process").isEqualTo(pid);
                assertThat(app.restartCount()).as("restartCount").isZero();
                Instant until = Instant.now().plus(E2eConfig.THRESHOLD);
                Await.until("the node threshold to pass", E2eConfig.THRESHOLD.plusSeconds(5), () -> Instant.now().isAfter(until));
                s.healer().healer().evaluateNow();
                assertThat(s.healer().remediation(node.name())).as("remediation of a node the agent fixed").isEmpty();
                assertThat(bmcs.bmc(node).chassisRequests()).as("BMC power requests").noneMatch(r -> r.startsWith("set"));
                s.safety().assertNothingReleased();
            }
        }
    }

    private static void kill(RealNode node, String comm, LongSupplier pid, RealNodeAgent agent, RealNodeApp app) throws Exception {
        long before = pid.getAsLong();
        assertThat(before).as(comm + " running").isPositive();
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", Long.toString(before)).start().waitFor();
        assertThat(app.answer()).as("the app answers while " + comm + " is down").isEqualTo("up");
        Await.until(comm + " restarted by the agent and healthy", Duration.ofSeconds(60), Duration.ofMillis(50),
                () -> pid.getAsLong() != 0 && pid.getAsLong() != before && agent.healthy("container-runtime")
                        && agent.healthy("kubelet") && !node.crictl("info").isBlank(), null);
        LOG.info("{} killed -> restarted by the agent and healthy in {} ms", comm, (System.nanoTime() - t0) / 1_000_000);
        node.awaitReady(Duration.ofSeconds(60));
        assertThat(app.answer()).as("the app answers after " + comm + "'s restart").isEqualTo("up");
    }
}
