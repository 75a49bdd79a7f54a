package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.kube.LeaseRemediationStore;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MotoFleet;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The installed healer heals: the healer pod, installed by {@code helm install} on a real node, watches a pool of two
 * EC2 instances on moto (their Nodes kept by the testbed's machine bridge) through the AWS provider configured in
 * the chart's values, with the access keys from a Secret the chart mounts. One instance is cut off the network; the
 * healer reboots it, then fences it (moto stops it), releases its pod, replaces it through its Auto Scaling group
 * and removes the old Node.
 */
@ExtendWith(RealNodesExtension.class)
class HelmHealingIT {

    private static final String NAMESPACE = "selfheal-heals";
    private static final String POOL = "helm-pool";

    @Test
    void theHealerPodFencesReleasesAndReplacesACutOffInstance(RealNodes nodes) throws Exception {
        RealNode node = nodes.add("heal-a");
        HealerRelease.importImage(node);
        KubernetesClient admin = nodes.kube().client();
        try (MotoServer moto = MotoServer.start(); MotoFleet fleet = MotoFleet.of(moto);
             MachineNodeBridge bridge = MachineNodeBridge.builder(nodes.kube()).source(Ec2Machines.of(moto)).start();
             HealerRelease release = new HealerRelease(nodes, "selfheal", NAMESPACE)) {
            List<String> instances = fleet.createGroup(POOL, "us-east-1a", 2);
            Await.until("the pool's Nodes", Duration.ofSeconds(30), () -> bridge.machines().size() == 2);
            String victim = bridge.machines().get(0).nodeName();
            String instance = bridge.machines().get(0).key().substring("aws:".length());
            nodes.kube().nodes().awaitReady(victim, Duration.ofSeconds(30));
            admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("on-victim").endMetadata()
                    .withNewSpec().withNodeName(victim).addNewContainer().withName("app").withImage("busybox").endContainer()
                    .endSpec().build()).create();

            credentials(admin, moto);
            String endpoint = "http://" + nodes.hostAddress() + ":" + nodes.relayToHost(moto.port());
            release.install(HealingValues.write(endpoint, moto.region()), release.onRealNode(node.name()));
            release.awaitReadyPod(Duration.ofSeconds(90));
            Await.until("a leader", Duration.ofSeconds(30), () -> release.leaderLease().isPresent());

            bridge.isolate(bridge.machines().get(0).key());
            RemediationStore records = new LeaseRemediationStore(admin, NAMESPACE, Duration.ofSeconds(60));
            Await.until("the remediation of " + victim + " succeeded", Duration.ofSeconds(150), Duration.ofSeconds(1),
                    () -> records.load(victim).map(s -> s.remediation().state() == RemediationState.SUCCEEDED).orElse(false),
                    () -> records.load(victim).map(s -> s.remediation().toString()).orElse("no record"));

            assertThat(instances).contains(instance);
            assertHealed(admin, records.load(victim).orElseThrow().remediation(), release, fleet, instance);
        }
    }

    /** The healer pod ran the whole ladder: fenced (moto stopped it), released the pod, replaced the instance. */
    private static void assertHealed(KubernetesClient admin, Remediation done, HealerRelease release, MotoFleet fleet,
                                     String instance) {
        assertThat(done.history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly(
                "restart-component=skipped", "reboot=timed-out", "fence=done", "release=done", "replace=done",
                "remove-node=healed");
        assertThat(done.owner()).startsWith(release.awaitReadyPod(Duration.ofSeconds(5)).getMetadata().getName());
        assertThat(fleet.state(instance)).as("the cut-off instance").isEqualTo(InstanceStateName.TERMINATED);
        assertThat(fleet.groupInstances(POOL)).hasSize(2).doesNotContain(instance);
        assertThat(admin.pods().inNamespace("default").withName("on-victim").get()).as("the released pod").isNull();
        assertThat(admin.nodes().withName(done.node()).get()).as("the old Node").isNull();
        assertThat(reasons(admin, done.node())).contains("RemediationStarted", "StepDone", "RemediationSucceeded");
    }

    private static void credentials(KubernetesClient admin, MotoServer moto) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        admin.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("aws-credentials")
                .endMetadata().withStringData(Map.of("accessKeyId", moto.accessKeyId(), "secretAccessKey", moto.secretAccessKey()))
                .build()).create();
    }

    private static List<String> reasons(KubernetesClient admin, String node) {
        return admin.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }
}
