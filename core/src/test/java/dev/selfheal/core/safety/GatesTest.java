package dev.selfheal.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");

    @Test
    void stormGateBlocksAboveTheLimitAndCoolsDown() {
        StormGate storm = new StormGate(MaxUnhealthy.parse("40%"), Duration.ofMinutes(5));
        ClusterSnapshot s = cluster(10, 0);
        assertThat(storm.evaluate(input(s, "w0", 4, List.of(), NOW)).allowed()).isTrue();
        GateDecision d = storm.evaluate(input(s, "w0", 5, List.of(), NOW));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("5 of 10 nodes").contains("40%");
        assertThat(storm.evaluate(input(s, "w0", 1, List.of(), NOW.plusSeconds(60))).reason()).contains("cooling down");
        assertThat(storm.evaluate(input(s, "w0", 1, List.of(), NOW.plusSeconds(301))).allowed()).isTrue();
    }

    @Test
    void aPercentageToleratesOneNodeInASmallClusterButNotTwo() {
        StormGate storm = new StormGate(MaxUnhealthy.parse("40%"), Duration.ZERO);
        ClusterSnapshot two = cluster(2, 0);
        assertThat(storm.evaluate(input(two, "w0", 1, List.of(), NOW)).allowed()).isTrue();
        assertThat(storm.evaluate(input(two, "w0", 2, List.of(), NOW.plusSeconds(1))).allowed()).isFalse();
        assertThat(MaxUnhealthy.parse("0%").limit(2)).isZero();
        assertThat(MaxUnhealthy.parse("40%").limit(10)).isEqualTo(4);
    }

    @Test
    void concurrencyExclusionAndPause() {
        ClusterSnapshot s = cluster(3, 0);
        Remediation running = remediation("w1", RemediationState.REMEDIATING, 1, NOW);
        assertThat(new ConcurrencyGate(1).evaluate(input(s, "w0", 1, List.of(running), NOW)).allowed()).isFalse();
        assertThat(new ConcurrencyGate(2).evaluate(input(s, "w0", 1, List.of(running), NOW)).allowed()).isTrue();
        NodeView excluded = node("x", true, Map.of("selfheal.dev/exclude", "true"));
        assertThat(new ExclusionGate("selfheal.dev/exclude").evaluate(new GateInput(excluded, diagnosis("x"), s, 1, List.of(),
                Optional.empty(), NOW)).reason()).contains("excluded");
        assertThat(new PauseGate(() -> true).evaluate(input(s, "w0", 1, List.of(), NOW)).allowed()).isFalse();
    }

    @Test
    void nodeAttemptsLimitAndBackoff() {
        NodeAttemptsGate gate = new NodeAttemptsGate(2, Duration.ofHours(1), Duration.ofMinutes(1));
        ClusterSnapshot s = cluster(3, 0);
        Remediation failedOnce = remediation("w0", RemediationState.FAILED, 1, NOW.minusSeconds(30));
        GateInput in = new GateInput(s.node("w0").orElseThrow(), diagnosis("w0"), s, 1, List.of(), Optional.of(failedOnce), NOW);
        assertThat(gate.nextAttempt(in)).isEqualTo(2);
        assertThat(gate.evaluate(in).reason()).contains("backing off");
        GateInput later = new GateInput(in.node(), in.diagnosis(), s, 1, List.of(), Optional.of(failedOnce), NOW.plusSeconds(31));
        assertThat(gate.evaluate(later).allowed()).isTrue();
        Remediation second = remediation("w0", RemediationState.SUCCEEDED, 2, NOW.minusSeconds(10));
        assertThat(gate.evaluate(new GateInput(in.node(), in.diagnosis(), s, 1, List.of(), Optional.of(second), NOW)).reason())
                .contains("the limit is 2");
    }

    @Test
    void controlPlaneGateLetsOneControlPlaneNodeAtATime() {
        ClusterSnapshot s = cluster(1, 3);
        ControlPlaneGate gate = new ControlPlaneGate();
        assertThat(gate.evaluate(input(s, "cp0", 1, List.of(), NOW)).allowed()).isTrue();
        Remediation other = remediation("cp1", RemediationState.REMEDIATING, 1, NOW);
        GateDecision d = gate.evaluate(input(s, "cp0", 2, List.of(other), NOW));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("control-plane node cp1 is under remediation (id-cp1); one control-plane node at a time"
                + " (gates.controlPlane.nodeSelector node-role.kubernetes.io/control-plane)");
        assertThat(gate.evaluate(input(s, "w0", 2, List.of(other), NOW)).allowed()).as("a worker is not held").isTrue();
        Remediation worker = remediation("w0", RemediationState.REMEDIATING, 1, NOW);
        assertThat(gate.evaluate(input(s, "cp0", 2, List.of(worker), NOW)).allowed()).as("a worker's remediation").isTrue();
        Map<String, NodeView> nodes = new HashMap<>(s.nodes());
        nodes.put("cp1", node("cp1", false, Map.of(NodeView.CONTROL_PLANE_LABEL, "")));
        ClusterSnapshot oneDown = new ClusterSnapshot(NOW, nodes, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(gate.evaluate(input(oneDown, "cp0", 2, List.of(), NOW)).allowed())
                .as("starting is not a step: the quorum is guarded per step").isTrue();
    }

    @Test
    void fencingInvariantRefusesAnUnfencedNode() {
        Remediation r = remediation("w0", RemediationState.REMEDIATING, 1, NOW);
        assertThatThrownBy(() -> FencingInvariant.requireFenced(r)).hasMessageContaining("not confirmed fenced");
        FencingInvariant.requireFenced(r.fenced(NOW));
    }

    @Test
    void aNewLeaderRestoresTheStormFreezeAndItsCooldown() {
        StormGate first = new StormGate(MaxUnhealthy.parse("1"), Duration.ofMinutes(5));
        ClusterSnapshot s = cluster(4, 0);
        assertThat(first.evaluate(input(s, "w0", 3, List.of(), NOW)).allowed()).isFalse();
        StormState persisted = first.state();
        assertThat(persisted.since()).isEqualTo(NOW);
        assertThat(persisted.cooldownUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        StormGate next = new StormGate(MaxUnhealthy.parse("1"), Duration.ofMinutes(5));
        assertThat(next.evaluate(input(s, "w0", 1, List.of(), NOW.plusSeconds(60))).allowed())
                .as("a fresh gate knows nothing of the storm").isTrue();
        next.restore(persisted);
        assertThat(next.evaluate(input(s, "w0", 1, List.of(), NOW.plusSeconds(60))).reason()).contains("cooling down");
        assertThat(next.evaluate(input(s, "w0", 1, List.of(), NOW.plusSeconds(301))).allowed()).isTrue();
        assertThat(next.observe(3, 4, NOW.plusSeconds(400)).since()).as("a new storm starts anew").isEqualTo(NOW.plusSeconds(400));
    }

    @Test
    void dryRunDeniesWithThePlanAndOnlyInADryRun() {
        ClusterSnapshot s = cluster(3, 0);
        DryRunGate dry = new DryRunGate(true, c -> List.of("fence", "release"));
        GateDecision d = dry.evaluate(input(s, "w0", 1, List.of(), NOW));
        assertThat(d.allowed()).isFalse();
        assertThat(d.gate()).isEqualTo(DryRunGate.NAME);
        assertThat(d.reason()).isEqualTo("dry run: would remediate NODE_UNREACHABLE with [fence, release]");
        assertThat(new DryRunGate(false, c -> List.of()).evaluate(input(s, "w0", 1, List.of(), NOW)).allowed()).isTrue();
    }

    @Test
    void aRefusedMachineReferenceIsDeniedNamingTheProviderId() {
        ClusterSnapshot s = cluster(3, 0);
        NodeView bad = new NodeView("bad", "uid-bad", "aws:///us-east-1a/", Map.of(), Map.of(), List.of(), List.of(),
                NOW.minusSeconds(3600), false);
        GateInput refused = new GateInput(bad, diagnosis("bad"), s, 1, List.of(), Optional.empty(), NOW,
                Optional.of("machine reference 'aws:///us-east-1a/' is not valid"));
        GateDecision d = new MachineReferenceGate().evaluate(refused);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("providerID 'aws:///us-east-1a/'").contains("not acting on it");
        assertThat(new MachineReferenceGate().evaluate(input(s, "w0", 1, List.of(), NOW)).allowed()).isTrue();
    }

    @Test
    void claimedLocalVolumesForbidAReplaceUnlessAllowed() {
        Map<String, List<dev.selfheal.core.health.LocalVolumeView>> local = Map.of("w0", List.of(
                new dev.selfheal.core.health.LocalVolumeView("pv-data", "w0", "db/data-0"),
                new dev.selfheal.core.health.LocalVolumeView("pv-free", "w0", null)));
        ClusterSnapshot s = new ClusterSnapshot(NOW, cluster(1, 0).nodes(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), local);
        assertThat(LocalVolumeInvariant.blocking("w0", s, false)).extracting(v -> v.name()).containsExactly("pv-data");
        assertThatThrownBy(() -> LocalVolumeInvariant.requireReplaceable("w0", s, false))
                .hasMessageContaining("pv-data").hasMessageContaining("recovery.replaceWithLocalVolumes");
        LocalVolumeInvariant.requireReplaceable("w0", s, true);
    }

    @Test
    void theLeaderGuardReadsTheLeaseAtEveryCheck() {
        java.util.concurrent.atomic.AtomicBoolean valid = new java.util.concurrent.atomic.AtomicBoolean(true);
        LeaderGuard guard = new LeaderGuard(valid::get);
        guard.check("taint node w0");
        guard.forProviders().check("aws:i-1", "ec2:StopInstances");
        valid.set(false);
        assertThatThrownBy(() -> guard.check("taint node w0")).isInstanceOf(LeaderGuard.NotLeaderException.class)
                .hasMessageContaining("taint node w0");
        assertThatThrownBy(() -> guard.forProviders().check("aws:i-1", "ec2:StopInstances"))
                .isInstanceOf(dev.selfheal.spi.ActionNotPermittedException.class).hasMessageContaining("ec2:StopInstances");
    }

    @Test
    void aRemediationWhoseNodeFailedAgainWithinTheFlapWindowBacksOffAsAFailedOne() {
        NodeAttemptsGate gate = new NodeAttemptsGate(5, Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(10));
        ClusterSnapshot s = cluster(3, 0);
        Instant ended = NOW.minusSeconds(60);
        Remediation healed = Remediation.start("id-w0", "w0", "uid-w0", FailureClass.NODE_UNREACHABLE, null, List.of("reboot"),
                "h", ended.minusSeconds(120), "").withAttempt(2).moveTo(RemediationState.REMEDIATING, ended.minusSeconds(120), "")
                .moveTo(RemediationState.SUCCEEDED, ended, "");
        Diagnosis again = new Diagnosis("w0", FailureClass.NODE_UNREACHABLE, null, List.of(), ended.plusSeconds(30), "test");
        GateInput flapped = new GateInput(s.node("w0").orElseThrow(), again, s, 1, List.of(), Optional.of(healed), NOW);
        assertThat(gate.evaluate(flapped).reason()).contains("failed again within the flap window")
                .contains(ended.plus(Duration.ofMinutes(2)).toString());
        assertThat(gate.evaluate(new GateInput(flapped.node(), again, s, 1, List.of(), Optional.of(healed), ended.plusSeconds(121)))
                .allowed()).isTrue();
        Diagnosis muchLater = new Diagnosis("w0", FailureClass.NODE_UNREACHABLE, null, List.of(), ended.plus(Duration.ofMinutes(11)), "t");
        assertThat(gate.evaluate(new GateInput(flapped.node(), muchLater, s, 1, List.of(), Optional.of(healed), NOW)).allowed())
                .as("healthy for longer than the window: a new failure").isTrue();
        assertThat(new NodeAttemptsGate(5, Duration.ofHours(1), Duration.ofMinutes(1)).evaluate(flapped).allowed())
                .as("no flap window").isTrue();
    }

    private static GateInput input(ClusterSnapshot s, String node, int unhealthy, List<Remediation> active, Instant now) {
        return new GateInput(s.node(node).orElseThrow(), diagnosis(node), s, unhealthy, active, Optional.empty(), now);
    }

    private static Diagnosis diagnosis(String node) {
        return new Diagnosis(node, FailureClass.NODE_UNREACHABLE, null, List.of(), NOW, "test");
    }

    private static Remediation remediation(String node, RemediationState state, int attempt, Instant at) {
        Remediation r = Remediation.start("id-" + node, node, "uid", FailureClass.NODE_UNREACHABLE, null, List.of("fence"),
                "h", at, "").withAttempt(attempt);
        if (state == RemediationState.PENDING) {
            return r;
        }
        r = r.moveTo(RemediationState.REMEDIATING, at, "");
        return state == RemediationState.REMEDIATING ? r : r.moveTo(state, at, "");
    }

    private static ClusterSnapshot cluster(int workers, int controlPlanes) {
        Map<String, NodeView> nodes = new HashMap<>();
        for (int i = 0; i < workers; i++) {
            nodes.put("w" + i, node("w" + i, true, Map.of()));
        }
        for (int i = 0; i < controlPlanes; i++) {
            nodes.put("cp" + i, node("cp" + i, true, Map.of(NodeView.CONTROL_PLANE_LABEL, "")));
        }
        return new ClusterSnapshot(NOW, nodes, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    private static NodeView node(String name, boolean ready, Map<String, String> labels) {
        return new NodeView(name, "uid-" + name, null, labels, Map.of(), List.of(),
                List.of(new ConditionView("Ready", ready ? "True" : "Unknown", "", "", NOW.minusSeconds(600), NOW)),
                NOW.minusSeconds(3600), false);
    }
}
