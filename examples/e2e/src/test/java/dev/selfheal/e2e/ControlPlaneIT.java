package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenarios of the control plane, on a single master whose kube-apiserver, kube-scheduler and
 * kube-controller-manager the node agent runs (a control plane of its own: the agent takes it over), with
 * AWS workers (moto) and the healer running against that very API server:
 * <ul>
 *   <li>the single master's API server dies, its manifest gone too: the agent's checkpointer restores it and
 *       the API answers again;</li>
 *   <li>every scheduler and controller-manager dies: the agent restarts them and pending work is done again.</li>
 * </ul>
 * In both, the healer must take no action on any node: the workers' machines keep running, nothing is released.
 */
@ExtendWith(E2eClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {

    private static final String NS = "selfheal-cp";
    private static KubeTestbed kube;
    private static ControlPlaneAgent master;

    @BeforeAll
    static void singleMaster() {
        kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).start();
        master = new ControlPlaneAgent(kube, NS);
    }

    @AfterAll
    static void stop() {
        if (master != null) {
            master.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    @Order(1)
    void theSingleMastersApiServerComesBackFromItsCheckpointAndNoNodeIsTouched(E2eCluster shared) throws Exception {
        try (Scenario s = new Scenario(new E2eCluster(kube, shared.moto()), "cp-api");
             AwsInfrastructure aws = new AwsInfrastructure(shared.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws, config(s));
            Path manifest = master.manifest("kube-apiserver");
            String checkpoint = master.agent().checkpoints().latest("kube-apiserver").orElseThrow().content();
            long before = master.process("kube-apiserver");
            long t0 = System.nanoTime();

            Files.delete(manifest);
            master.kill("kube-apiserver");

            Await.until("the API server back", Duration.ofSeconds(60), Duration.ofMillis(50),
                    () -> master.process("kube-apiserver") != before && master.apiServerReady(), null);
            System.out.println("[e2e-bench] single master's kube-apiserver killed, manifest removed -> restored from checkpoint,"
                    + " /readyz ok: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertThat(Files.readString(manifest)).isEqualTo(checkpoint);
            assertNoNodeTouched(s, aws, setup);
        }
    }

    @Test
    @Order(2)
    void whenEverySchedulerAndControllerManagerDiesTheyAreRestartedAndPendingWorkIsDone(E2eCluster shared) throws Exception {
        try (Scenario s = new Scenario(new E2eCluster(kube, shared.moto()), "cp-sched");
             AwsInfrastructure aws = new AwsInfrastructure(shared.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws, config(s));
            long scheduler = master.process("kube-scheduler");
            long controllers = master.process("kube-controller-manager");
            long t0 = System.nanoTime();

            master.kill("kube-scheduler");
            master.kill("kube-controller-manager");
            kube.client().apps().deployments().inNamespace(s.apps().namespace()).withName("web").scale(aws.size() + 1);

            Await.until("the new web pod created, scheduled and Running", Duration.ofSeconds(90), Duration.ofMillis(50),
                    () -> s.apps().running("web").size() == aws.size() + 1, null);
            System.out.println("[e2e-bench] kube-scheduler and kube-controller-manager killed -> restarted by the agent, a new"
                    + " pod created, scheduled and Running: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertThat(master.process("kube-scheduler")).isNotEqualTo(scheduler);
            assertThat(master.process("kube-controller-manager")).isNotEqualTo(controllers);
            assertNoNodeTouched(s, aws, setup);
        }
    }

    private static SelfhealConfig config(Scenario s) {
        return s.config().toBuilder().namespace(NS).identity(s.pool() + "-healer").build();
    }

    private static void assertNoNodeTouched(Scenario s, AwsInfrastructure aws, NodeFailure.Setup setup) {
        Set<String> pods = setup.podsBefore();
        Await.until("every worker Ready", Duration.ofSeconds(60), () -> s.readyNodes().size() == aws.size());
        s.healer().healer().evaluateNow();
        assertThat(s.healer().healer().remediations()).as("remediations").isEmpty();
        assertThat(s.podUids()).as("every pod of before is still there").containsAll(pods);
        assertThat(s.bridge().machines()).allMatch(m -> m.running());
        assertThat(s.bridge().machinesEverSeen()).hasSize(aws.size());
        assertThat(s.apps().attachmentExists(setup.attachment())).isTrue();
        s.safety().assertNothingReleased();
    }
}
