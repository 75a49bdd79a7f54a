package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node's trouble is that node's alone: a NotReady node whose providerID its provider refuses, or a node whose
 * cloud calls hang, never delays the healing of another node that dies meanwhile (on AWS with moto).
 */
@ExtendWith(E2eClusterExtension.class)
class OneBadNodeIT {

    /** Well above a healthy heal (threshold 10 s + a 5 s reboot step + fence and release), well below 101 s. */
    private static final Duration ON_TIME = Duration.ofSeconds(60);

    @Test
    void withoutABadNodeTheSameFailureHealsInTheSameTime(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "baseline"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws, relaxed(s));
            Instant cut = Instant.now();
            s.bridge().isolate(setup.machine());
            s.awaitRunningElsewhere("db", setup.dead(), setup.podsBefore());
            Duration released = Duration.between(cut, Instant.now());
            System.out.println("db pod Running elsewhere " + released.toMillis() + " ms after the cut (no other bad node)");
            assertThat(released).isLessThan(ON_TIME);
            s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
        }
    }

    @Test
    void aNodeWithAMalformedProviderIdGetsAnEventAndNoActionWhileAnotherNodeHealsOnTime(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "bad-id"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, aws, relaxed(s));
            String bad = "bad-id-malformed";
            notReadyNode(s, bad, "aws:///" + AwsInfrastructure.ZONE + "/");
            try {
                healAround(s, setup, bad);
            } finally {
                s.kube().client().nodes().withName(bad).delete();
            }
        }
    }

    private static void healAround(Scenario s, NodeFailure.Setup setup, String bad) {
        Await.until("the malformed node diagnosed", Duration.ofSeconds(60), () -> nodeEvents(s, bad).stream()
                .anyMatch(m -> m.contains("providerID 'aws:///us-east-1a/'")));

        Instant cut = Instant.now();
        s.bridge().isolate(setup.machine());
        s.awaitRunningElsewhere("db", setup.dead(), setup.podsBefore());
        Duration released = Duration.between(cut, Instant.now());
        System.out.println("db pod Running elsewhere " + released.toMillis() + " ms after the cut (malformed node present)");
        assertThat(released).isLessThan(ON_TIME);
        s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
        assertThat(s.healer().remediation(bad)).as("no remediation of the malformed node").isEmpty();
        assertThat(s.kube().client().nodes().withName(bad).get()).as("the malformed node is left alone").isNotNull();
        s.safety().assertReleasedOnlyAfterFence();
    }

    @Test
    void aNodeWhoseCloudCallsHangDelaysNoOtherNode(E2eCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, "hang"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto());
             HoldingProxy proxy = new HoldingProxy(cluster.moto().endpoint(), Duration.ofSeconds(60))) {
            ProviderConfig viaProxy = ProviderConfig.builder("aws").set("region", cluster.moto().region())
                    .set("endpoint", proxy.endpoint().toString()).set("credentials", "static")
                    .secret("accessKeyId", cluster.moto().accessKeyId()).secret("secretAccessKey", cluster.moto().secretAccessKey())
                    .set("apiCallTimeout", "10s").set("operationTimeout", "60s").set("replaceTimeout", "60s")
                    .set("pollInterval", "200ms").build();
            NodeFailure.Setup setup = NodeFailure.prepare(s, new ProviderOverride(aws, viaProxy), relaxed(s));
            String hung = s.readyNodes().stream().filter(n -> !n.equals(setup.dead())).findFirst().orElseThrow();
            String hungMachine = s.bridge().machineOfNode(hung).orElseThrow().key();
            proxy.holdRequestsNaming(AwsInfrastructure.instance(hungMachine));
            s.bridge().isolate(hungMachine);
            Await.until("the healer asks about the hanging node's machine", Duration.ofSeconds(60), () -> proxy.held.get() > 0);
            // Once the node controller marks the cut-off node unreachable, the scheduler places nothing more on it.
            Await.until("the hanging node NotReady", Duration.ofSeconds(120), () -> s.nodes().stream()
                    .filter(n -> n.getMetadata().getName().equals(hung)).noneMatch(Scenario::isReady));

            Instant cut = Instant.now();
            s.bridge().isolate(setup.machine());
            s.awaitRunningElsewhere("db", setup.dead(), setup.podsBefore());
            Duration released = Duration.between(cut, Instant.now());
            System.out.println("db pod Running elsewhere " + released.toMillis() + " ms after the cut (another node's calls hang)");
            assertThat(released).isLessThan(ON_TIME);
            s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
            assertThat(s.healer().state(hung)).as("the hanging node is not healed while its calls hang")
                    .isNotEqualTo(RemediationState.SUCCEEDED);
            s.safety().assertReleasedOnlyAfterFence();
        }
    }

    /** Two nodes of a pool of three may fail at once here (the storm gate is not what these tests are about). */
    private static SelfhealConfig relaxed(Scenario s) {
        return s.config().toBuilder().gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 3, 3,
                Duration.ofHours(1), Duration.ZERO, "selfheal.dev/exclude")).build();
    }

    /** A Node no kubelet runs, in the scenario's pool, that never became Ready. */
    private static void notReadyNode(Scenario s, String name, String providerId) {
        s.kube().client().nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withProviderID(providerId).endSpec().build()).create();
        String long_ago = Instant.now().minusSeconds(300).toString();
        s.kube().client().nodes().withName(name).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
                .withConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("False")
                        .withReason("KubeletNotReady").withMessage("never started").withLastHeartbeatTime(long_ago)
                        .withLastTransitionTime(long_ago).build())).endStatus().build());
    }

    private static List<String> nodeEvents(Scenario s, String node) {
        return s.kube().client().v1().events().inAnyNamespace().withField("involvedObject.name", node).list().getItems()
                .stream().map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }
}
