package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenario: a node restarts. It stops responding for a while (Kubernetes sees its heartbeat stop) and
 * then reconnects; its pods are recovered on the same node. The healer must do nothing destructive: no
 * fence, no release, no replacement. On AWS: EC2 reports the instance running throughout.
 */
@ExtendWith(E2eClusterExtension.class)
class NodeRestartedIT {

    @Test
    void aNodeThatRestartsLongerThanTheThresholdIsRebootedAtMostAndComesBackWithItsPods(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "restart-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            SelfhealConfig patient = s.config().toBuilder()
                    .recovery(s.config().recovery().withStepTimeout("reboot", Duration.ofSeconds(60))).build();
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws, patient);
            List<Pod> onNode = podsOn(s, setup.dead());

            s.bridge().isolate(setup.machine());
            Await.until("the healer working on " + setup.dead(), Scenario.HEALED, () -> s.healer().remediation(setup.dead())
                    .flatMap(r -> r.currentStep()).map("reboot"::equals).orElse(false));
            s.bridge().reconnect(setup.machine());

            s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
            assertThat(s.healer().history(setup.dead())).containsExactly("restart-component=skipped", "reboot=healed");
            assertRecoveredInPlace(s, aws, setup, onNode);
        }
    }

    @Test
    void aRestartShorterThanTheThresholdIsNoFailure(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "blip-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws);
            List<Pod> onNode = podsOn(s, setup.dead());

            s.bridge().isolate(setup.machine());
            pass(E2eConfig.THRESHOLD.minusSeconds(4));
            s.bridge().reconnect(setup.machine());
            pass(E2eConfig.THRESHOLD);
            s.healer().healer().evaluateNow();

            assertThat(s.healer().remediation(setup.dead())).as("remediation of a node that restarted in 6 s").isEmpty();
            assertRecoveredInPlace(s, aws, setup, onNode);
        }
    }

    private static void assertRecoveredInPlace(Scenario s, AwsInfrastructure aws, NodeFailure.Setup setup, List<Pod> before) {
        assertThat(s.readyNodes()).contains(setup.dead());
        Await.until("pods of " + setup.dead() + " Running on it", Scenario.HEALED,
                () -> podsOn(s, setup.dead()).stream().map(p -> p.getMetadata().getUid()).toList()
                        .containsAll(before.stream().map(p -> p.getMetadata().getUid()).toList()));
        assertThat(aws.machineOff(setup.machine())).as("EC2 instance stopped").isFalse();
        assertThat(s.apps().attachmentExists(setup.attachment())).as("the volume stays attached").isTrue();
        assertThat(s.bridge().machinesEverSeen()).as("no new machine").hasSize(aws.size());
        s.safety().assertNothingReleased();
    }

    private static List<Pod> podsOn(Scenario s, String node) {
        return Stream.concat(s.apps().running("web").stream(), s.apps().running("db").stream())
                .filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    }

    private static void pass(Duration d) {
        Instant until = Instant.now().plus(d);
        Await.until(d.toSeconds() + " s to pass", d.plusSeconds(5), () -> Instant.now().isAfter(until));
    }
}
