package dev.selfheal.core.safety;

import static dev.selfheal.core.safety.ControlPlaneCluster.CP;
import static dev.selfheal.core.safety.ControlPlaneCluster.NOW;
import static dev.selfheal.core.safety.ControlPlaneCluster.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.ControlPlaneSettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.StepGateDecision.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Never a step that breaks etcd quorum. */
class EtcdQuorumGateTest {

    private final EtcdQuorumGate gate = new EtcdQuorumGate(ControlPlaneSettings.defaults());

    private static ControlPlaneCluster three() {
        return new ControlPlaneCluster().master("cp1").master("cp2").master("cp3")
                .etcdPod("cp1", false).etcdPod("cp2", true).etcdPod("cp3", true);
    }

    @Test
    void aFenceActsWhileBothOtherMembersOfThreeAreHealthy() {
        assertThat(gate.evaluate(three().input(at("cp1", "fence"))).kind()).isEqualTo(Kind.ACT);
    }

    @Test
    void aFenceIsHeldWhileAnotherMemberOfThreeIsDownNamingIt() {
        ControlPlaneCluster c = three().node("cp2", "Unknown", Map.of(CP, ""));
        StepGateDecision d = gate.evaluate(c.input(at("cp1", "fence")));
        assertThat(d.kind()).isEqualTo(Kind.HOLD);
        assertThat(d.until()).as("held until the cluster changes").isNull();
        assertThat(d.text()).isEqualTo("etcd-quorum: refusing fence of cp1 (3 etcd members): only 1 of the other 2 members would"
                + " stay healthy, fewer than the quorum of 2; unhealthy: cp2: the node is not Ready (Ready=Unknown)");
    }

    @Test
    void everyStepThatTakesTheNodeDownIsGuardedButNotARestartOrARelease() {
        ControlPlaneCluster c = three().node("cp3", "False", Map.of(CP, ""));
        for (String step : List.of("reboot", "fence", "replace", "remove-node")) {
            assertThat(gate.evaluate(c.input(at("cp1", step))).kind()).as(step).isEqualTo(Kind.HOLD);
        }
        assertThat(gate.evaluate(c.input(at("cp1", "restart-component"), false, true, NOW)).kind()).isEqualTo(Kind.ACT);
        assertThat(gate.evaluate(c.input(at("cp1", "release"), true, false, NOW)).kind()).isEqualTo(Kind.ACT);
        assertThat(EtcdQuorumGate.takesTheNodeDown("wipe-disk", true)).as("a custom destructive step").isTrue();
        assertThat(EtcdQuorumGate.takesTheNodeDown("drain", false)).isFalse();
    }

    @Test
    void aReadyNodeWhoseEtcdPodIsNotReadyOrWhoseAgentReportsEtcdUnhealthyOrUnknownIsNotHealthy() {
        ControlPlaneCluster podDown = new ControlPlaneCluster().master("cp1").master("cp2").master("cp3")
                .etcdPod("cp1", true).etcdPod("cp2", false).etcdPod("cp3", true);
        assertThat(gate.evaluate(podDown.input(at("cp1", "fence"))).reason())
                .endsWith("unhealthy: cp2: pod kube-system/etcd-cp2 is not Ready (phase Running)");
        ControlPlaneCluster unknown = three().condition("cp3", "EtcdUnhealthy", "Unknown");
        assertThat(gate.evaluate(unknown.input(at("cp1", "fence"))).reason())
                .endsWith("unhealthy: cp3: its agent reports EtcdUnhealthy=Unknown");
        ControlPlaneCluster fine = three().condition("cp3", "EtcdUnhealthy", "False");
        assertThat(gate.evaluate(fine.input(at("cp1", "fence"))).kind()).isEqualTo(Kind.ACT);
    }

    @Test
    void aReadyNodeWhoseLeaseMissedTwoRenewalsOrIsUnknownIsNotHealthy() {
        ControlPlaneCluster stale = three().lease("cp2", NOW.minusSeconds(21));
        assertThat(gate.evaluate(stale.input(at("cp1", "fence"))).reason())
                .as("not yet expired (40 s), but two of the kubelet's 10 s renewals missed: it may have just died")
                .endsWith("unhealthy: cp2: its node Lease was last renewed at " + NOW.minusSeconds(21)
                        + ", more than half its 40 s ago (a kubelet renews it every quarter: two renewals missed)");
        ControlPlaneCluster none = three().lease("cp3", null);
        assertThat(gate.evaluate(none.input(at("cp1", "fence"))).reason()).endsWith("unhealthy: cp3: its node Lease is unknown");
        assertThat(gate.evaluate(three().lease("cp2", NOW.minusSeconds(20)).input(at("cp1", "fence"))).kind())
                .as("renewed within half its duration").isEqualTo(Kind.ACT);
    }

    @Test
    void theStateOfTheNodeItselfDoesNotCountOnlyTheOthers() {
        ControlPlaneCluster c = three().node("cp1", "Unknown", Map.of(CP, "")).condition("cp1", "EtcdUnhealthy", "True");
        assertThat(gate.evaluate(c.input(at("cp1", "fence"))).kind()).isEqualTo(Kind.ACT);
    }

    @Test
    void aNodeWithoutAMemberIsNotGuardedWhileOthersShowTheirs() {
        ControlPlaneCluster c = new ControlPlaneCluster().master("cp1").master("cp2").master("cp3").master("cp4")
                .etcdPod("cp2", true).etcdPod("cp3", true).etcdPod("cp4", false).node("cp2", "Unknown", Map.of(CP, ""));
        assertThat(gate.evaluate(c.input(at("cp1", "fence"))).kind()).as("cp1 hosts no etcd member").isEqualTo(Kind.ACT);
        assertThat(gate.evaluate(c.input(at("cp4", "fence"))).kind()).isEqualTo(Kind.HOLD);
        assertThat(gate.evaluate(c.input(at("w1", "fence"))).kind()).as("a node not in the snapshot").isEqualTo(Kind.ACT);
    }

    @Test
    void anAgentsEtcdConditionShowsAMemberWithoutAPod() {
        ControlPlaneCluster c = new ControlPlaneCluster().master("cp1").master("cp2").master("cp3")
                .condition("cp1", "EtcdUnhealthy", "True").condition("cp2", "EtcdUnhealthy", "False")
                .condition("cp3", "EtcdUnhealthy", "True");
        StepGateDecision d = gate.evaluate(c.input(at("cp1", "fence")));
        assertThat(d.reason()).contains("(3 etcd members)").endsWith("unhealthy: cp3: its agent reports EtcdUnhealthy=True");
    }

    @Test
    void unknownMembershipTakesEveryControlPlaneNodeAsAMemberAndSaysSo() {
        ControlPlaneCluster c = new ControlPlaneCluster().master("cp1").master("cp2").master("cp3").node("w1", "Unknown", Map.of())
                .node("cp3", "Unknown", Map.of(CP, ""));
        StepGateDecision d = gate.evaluate(c.input(at("cp1", "fence")));
        assertThat(d.kind()).isEqualTo(Kind.HOLD);
        assertThat(d.reason()).contains("(3 etcd members, membership unknown: every control-plane node taken to host one)")
                .endsWith("unhealthy: cp3: the node is not Ready (Ready=Unknown)");
        assertThat(gate.evaluate(c.input(at("w1", "fence"))).kind()).as("a worker").isEqualTo(Kind.ACT);
    }

    @Test
    void fiveMembersKeepTheirQuorumWithOneOtherDownButNotTwo() {
        ControlPlaneCluster c = new ControlPlaneCluster();
        for (int i = 1; i <= 5; i++) {
            c.master("cp" + i).etcdPod("cp" + i, true);
        }
        c.node("cp2", "Unknown", Map.of(CP, ""));
        assertThat(gate.evaluate(c.input(at("cp1", "fence"))).kind()).isEqualTo(Kind.ACT);
        c.node("cp3", "False", Map.of(CP, ""));
        assertThat(gate.evaluate(c.input(at("cp1", "fence"))).reason()).contains("only 2 of the other 4 members")
                .contains("the quorum of 3");
    }

    @Test
    void aTwoMemberEtcdHasEveryStepThatTakesAMemberDownPassedByForAPerson() {
        ControlPlaneCluster c = new ControlPlaneCluster().master("cp1").master("cp2").etcdPod("cp1", false).etcdPod("cp2", true);
        for (String step : List.of("reboot", "fence", "replace")) {
            StepGateDecision d = gate.evaluate(c.input(at("cp1", step)));
            assertThat(d.kind()).as(step).isEqualTo(Kind.PASS_BY);
            assertThat(d.reason()).isEqualTo("refusing " + step + " of cp1 (2 etcd members): a two-member etcd loses its quorum"
                    + " with either member down; a person must decide");
        }
    }

    @Test
    void aSingleMastersRebootWaitsForItsAgentThenActsAndNothingWorseIsEverDone() {
        ControlPlaneCluster c = new ControlPlaneCluster().master("cp1").etcdPod("cp1", false).node("w1", "True", Map.of());
        Remediation reboot = at("cp1", FailureClass.COMPONENT_FAILURE, "etcd", List.of("restart-component", "reboot", "fence"),
                "reboot", NOW.minusSeconds(30));
        StepGateDecision early = gate.evaluate(c.input(reboot, false, true, NOW));
        assertThat(early.kind()).isEqualTo(Kind.HOLD);
        assertThat(early.until()).isEqualTo(NOW.minusSeconds(30).plus(Duration.ofMinutes(2)));
        assertThat(early.reason()).isEqualTo("holding reboot of cp1 (1 etcd member): the only etcd member; its agent has until "
                + early.until() + " (gates.controlPlane.agentGrace PT2M) to bring it back first");
        assertThat(gate.evaluate(c.input(reboot, false, true, early.until())).kind()).isEqualTo(Kind.ACT);
        for (String step : List.of("fence", "replace", "remove-node")) {
            StepGateDecision d = gate.evaluate(c.input(at("cp1", step), true, true, NOW.plusSeconds(3600)));
            assertThat(d.kind()).as(step).isEqualTo(Kind.PASS_BY);
            assertThat(d.reason()).contains("it is the only etcd member");
        }
    }

    @Test
    void theQuorumIsAMajorityOfAllMembers() {
        assertThat(List.of(1, 2, 3, 4, 5, 7).stream().map(EtcdMembers::quorum).toList()).containsExactly(1, 2, 2, 3, 3, 4);
    }
}
