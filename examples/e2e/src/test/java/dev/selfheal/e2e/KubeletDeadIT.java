package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenario: the kubelet dies on a node whose machine is alive. The node agent restarts the kubelet and
 * the node recovers; application containers are not affected; the machine is never rebooted, fenced or
 * replaced. Either the agent restarts it at once on its own, or (restarts left to the cluster) the healer
 * sees "kubelet down, agent alive" and asks the agent. On AWS: EC2 reports the instance running throughout.
 */
@ExtendWith(E2eClusterExtension.class)
class KubeletDeadIT {

    @Test
    void theAgentRestartsADeadKubeletBeforeTheHealerWouldAct(E2eCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, "kubelet-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws);
            try (KubeletAgent agent = new KubeletAgent(s.kube(), s.config().namespace(), setup.dead(), "auto")) {
                s.bridge().kubelet(setup.machine(), agent.healthz());
                Set<String> podsOnNode = podsOn(s, setup.dead());
                long before = agent.kubeletProcess();
                long t0 = System.nanoTime();

                agent.killKubelet();

                Await.until("the kubelet restarted and healthy", Duration.ofSeconds(30), Duration.ofMillis(20),
                        () -> agent.kubeletProcess() != before && agent.agent().health("kubelet").orElseThrow().healthy(), null);
                System.out.println("[e2e-bench] kubelet killed on a live node -> restarted by the agent and healthy: "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                Await.until("the node heartbeating", Duration.ofSeconds(10), () -> s.kube().nodes().isHeartbeating(setup.dead()));
                pass(E2eConfig.THRESHOLD);
                s.healer().healer().evaluateNow();
                assertThat(s.healer().remediation(setup.dead())).as("remediation of a node the agent already fixed").isEmpty();
                assertUnharmed(s, aws, setup, podsOnNode);
            }
        }
    }

    @Test
    void whenRestartsAreLeftToTheClusterTheHealerAsksTheAgentAndNeverReboots(E2eCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, "kubelet-req-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws);
            try (KubeletAgent agent = new KubeletAgent(s.kube(), s.config().namespace(), setup.dead(), "on-request")) {
                s.bridge().kubelet(setup.machine(), agent.healthz());
                Set<String> podsOnNode = podsOn(s, setup.dead());

                agent.killKubelet();

                s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
                assertThat(s.healer().remediation(setup.dead()).orElseThrow().failureClass()).isEqualTo(FailureClass.COMPONENT_FAILURE);
                assertThat(s.healer().history(setup.dead())).containsExactly("restart-component=healed");
                assertThat(agent.agent().health("kubelet").orElseThrow().healthy()).isTrue();
                assertUnharmed(s, aws, setup, podsOnNode);
            }
        }
    }

    private static void assertUnharmed(Scenario s, AwsInfrastructure aws, NodeFailure.Setup setup, Set<String> podsOnNode) {
        assertThat(s.readyNodes()).contains(setup.dead());
        assertThat(podsOn(s, setup.dead())).as("the node's pods were not affected").containsAll(podsOnNode);
        assertThat(aws.machineOff(setup.machine())).isFalse();
        assertThat(s.bridge().machinesEverSeen()).hasSize(aws.size());
        assertThat(s.apps().attachmentExists(setup.attachment())).isTrue();
        s.safety().assertNothingReleased();
    }

    private static void pass(Duration d) {
        java.time.Instant until = java.time.Instant.now().plus(d);
        Await.until(d.toSeconds() + " s to pass", d.plusSeconds(5), () -> java.time.Instant.now().isAfter(until));
    }

    private static Set<String> podsOn(Scenario s, String node) {
        return s.kube().client().pods().inNamespace(s.apps().namespace()).list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName()) && p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }
}
