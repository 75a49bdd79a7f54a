package dev.selfheal.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.LeaderSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.remediation.LeaseRemediationFormat;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Healers hand remediations over: a new healer resumes, and of two healers exactly one acts. */
class HandoverIT extends RealClusterTest {


    @Test
    void aHealerKilledMidFenceIsResumedWithoutRepeatingTheFence() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        healerKilledMidFence(machines, "f1", "first");

        try (Selfheal second = Selfheal.builder().client(healerClient).config(config("second", false)).provider(machines).build()) {
            second.start();
            Await.until("remediation of f1 succeeded", Duration.ofSeconds(120),
                    () -> second.remediations().get("f1") != null && second.remediations().get("f1").state() == RemediationState.SUCCEEDED);
            Remediation r = second.remediations().get("f1");
            assertThat(r.owner()).isEqualTo("second");
            assertThat(machines.count("power-off")).as("the fence is never repeated").isEqualTo(1);
            assertThat(machines.count("replace")).isEqualTo(1);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome()).contains("fence=done", "release=done");
        }
    }

    @Test
    void aHealerKilledRightAfterAskingForAReplacementIsResumedOnThatReplacement() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-r1", "r1", Map.of());
        kube.nodes().awaitReady("r1", Duration.ofSeconds(60));
        CountDownLatch gate = new CountDownLatch(1);
        machines.holdReplaceAfterItActs(gate);
        Selfheal first = Selfheal.builder().client(healerClient).config(config("first-r", false)).provider(machines).build();
        first.start();
        kube.nodes().stopHeartbeat("r1");
        Await.until("replace asked for", Duration.ofSeconds(90), () -> machines.count("replace") == 1);
        Await.until("replace recorded as ACTING", Duration.ofSeconds(10), () -> stored("r1").phase() == StepPhase.ACTING
                && stored("r1").currentStep().orElse("").equals("replace"));
        String id = stored("r1").id();
        first.close();
        gate.countDown();

        try (Selfheal second = Selfheal.builder().client(healerClient).config(config("second-r", false)).provider(machines).build()) {
            second.start();
            Await.until("remediation of r1 succeeded", Duration.ofSeconds(120),
                    () -> stored("r1") != null && stored("r1").state() == RemediationState.SUCCEEDED);
            Remediation r = stored("r1");
            assertThat(r.id()).as("the same remediation, not a second attempt").isEqualTo(id);
            assertThat(r.owner()).isEqualTo("second-r");
            assertThat(machines.count("replace")).as("not replaced twice").isEqualTo(1);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome()).contains("replace=done", "remove-node=healed");
        }
    }

    @Test
    void aDryRunHealerLeavesARemediationInProgressAsItIs() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        healerKilledMidFence(machines, "h1", "real");
        String before = kube.client().leases().inNamespace(NS).withName(LeaseRemediationFormat.leaseName("h1")).get()
                .getMetadata().getResourceVersion();

        SelfhealConfig dry = config("dry", false).toBuilder().dryRun(true).build();
        try (Selfheal healer = Selfheal.builder().client(healerClient).config(dry).provider(machines).build()) {
            healer.start();
            Await.until("the dry run knows the record of h1", Duration.ofSeconds(30), () -> healer.remediations().get("h1") != null);
            healer.evaluateNow();
            healer.evaluateNow();
            Remediation r = stored("h1");
            assertThat(r.phase()).as("not moved on to verifying").isEqualTo(StepPhase.ACTING);
            assertThat(r.owner()).as("not adopted").isEqualTo("real");
            assertThat(r.state().isFinal()).isFalse();
            assertThat(kube.client().leases().inNamespace(NS).withName(LeaseRemediationFormat.leaseName("h1")).get()
                    .getMetadata().getResourceVersion()).as("the record is not written at all").isEqualTo(before);
            assertThat(machines.count("power-off")).isEqualTo(1);
            assertThat(machines.count("replace")).isZero();
            assertThat(java.util.Objects.requireNonNullElse(kube.client().nodes().withName("h1").get().getSpec().getTaints(),
                    java.util.List.<io.fabric8.kubernetes.api.model.Taint>of())).as("workloads not released")
                    .noneMatch(t -> "node.kubernetes.io/out-of-service".equals(t.getKey()));
        }
    }

    @Test
    void ofTwoHealersExactlyOneActs() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-g1", "g1", Map.of());
        kube.nodes().awaitReady("g1", Duration.ofSeconds(60));
        try (Selfheal one = Selfheal.builder().client(healerClient).config(config("one", true)).provider(machines).build();
             Selfheal two = Selfheal.builder().client(healerClient).config(config("two", true)).provider(machines).build()) {
            one.start();
            two.start();
            Await.until("a leader", Duration.ofSeconds(30), () -> one.isLeader() || two.isLeader());
            assertThat(one.isLeader() && two.isLeader()).isFalse();
            String leader = one.isLeader() ? "one" : "two";
            kube.nodes().stopHeartbeat("g1");
            Await.until("remediation of g1 succeeded", Duration.ofSeconds(120),
                    () -> stored("g1") != null && stored("g1").state() == RemediationState.SUCCEEDED);
            assertThat(stored("g1").owner()).isEqualTo(leader);
            assertThat(machines.count("power-off")).isEqualTo(1);
            assertThat(machines.count("replace")).isEqualTo(1);
            assertThat((one.isLeader() ? two : one).remediations()).doesNotContainKey("g1");
        }
    }

    /**
     * A healer named {@code identity} starts fencing {@code node} (a new machine that stops heartbeating) and dies
     * in the middle: the power-off happened, its result was never recorded (the record stays ACTING).
     */
    private static void healerKilledMidFence(TestMachines machines, String node, String identity) {
        machines.addMachine("m-" + node, node, Map.of());
        kube.nodes().awaitReady(node, Duration.ofSeconds(60));
        CountDownLatch gate = new CountDownLatch(1);
        machines.holdFence(gate);
        Selfheal first = Selfheal.builder().client(healerClient).config(config(identity, false)).provider(machines).build();
        first.start();
        kube.nodes().stopHeartbeat(node);
        Await.until("fence of " + node + " under way", Duration.ofSeconds(60), () -> machines.count("power-off") == 1);
        Await.until("fence recorded as ACTING", Duration.ofSeconds(10), () -> stored(node).phase() == StepPhase.ACTING);
        first.close();
        gate.countDown();
    }

    private static Remediation stored(String node) {
        Lease l = kube.client().leases().inNamespace(NS).withName(LeaseRemediationFormat.leaseName(node)).get();
        return l == null ? null : LeaseRemediationFormat.fromJson(l.getMetadata().getName(),
                l.getMetadata().getAnnotations().get(LeaseRemediationFormat.ANNOTATION));
    }

    private static SelfhealConfig config(String identity, boolean election) {
        SelfhealConfig base = HealerIT.config(identity);
        return base.toBuilder().leader(new LeaderSettings(election, Duration.ofSeconds(6), Duration.ofSeconds(4),
                Duration.ofSeconds(1))).build();
    }
}
