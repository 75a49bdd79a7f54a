package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.lease;
import static dev.selfheal.core.health.checks.CheckFixtures.node;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeLeaseCheckTest {

    private final NodeLeaseCheck check = new NodeLeaseCheck(Duration.ofSeconds(40));
    private final NodeView n1 = ready("n1");

    private Verdict judgeRenewed(long secondsAgo) {
        ClusterSnapshot s = snapshot().nodes(n1).nodeLease("n1", ago(secondsAgo)).build();
        return check.judge(n1, s, NOW);
    }

    @Test
    void freshLeaseIsHealthyButAsksToBeJudgedWhenItWouldTurnLate() {
        Verdict v = judgeRenewed(5);
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.recheckAt()).isEqualTo(ago(5).plusSeconds(20));
    }

    @Test
    void lateLeaseIsSuspectUntilRenewalPlusThreshold() {
        Verdict v = judgeRenewed(25);
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.NODE_HEARTBEAT_LOST);
        assertThat(v.since()).isEqualTo(ago(25));
        assertThat(v.recheckAt()).isEqualTo(ago(25).plusSeconds(40));
    }

    @Test
    void halfTheLeaseDurationIsAlreadyLate() {
        assertThat(judgeRenewed(19).status()).isEqualTo(Status.HEALTHY);
        assertThat(judgeRenewed(20).status()).isEqualTo(Status.SUSPECT);
    }

    @Test
    void leaseNotRenewedForTheThresholdIsUnhealthy() {
        Verdict v = judgeRenewed(40);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(40));
        Verdict later = judgeRenewed(95);
        assertThat(later.isUnhealthy()).isTrue();
        assertThat(later.evidence()).contains("node Lease not renewed", ago(95).toString(), "95 s", "threshold 40 s");
    }

    @Test
    void shortThresholdLeavesNoSuspectPhase() {
        NodeLeaseCheck fast = new NodeLeaseCheck(Duration.ofSeconds(10));
        ClusterSnapshot s9 = snapshot().nodes(n1).nodeLease("n1", ago(9)).build();
        ClusterSnapshot s10 = snapshot().nodes(n1).nodeLease("n1", ago(10)).build();
        assertThat(fast.judge(n1, s9, NOW).status()).isEqualTo(Status.HEALTHY);
        assertThat(fast.judge(n1, s9, NOW).recheckAt()).isEqualTo(ago(9).plusSeconds(10));
        assertThat(fast.judge(n1, s10, NOW).status()).isEqualTo(Status.UNHEALTHY);
    }

    @Test
    void lateIsMeasuredAgainstTheLeasesOwnDuration() {
        ClusterSnapshot s = snapshot().nodes(n1).nodeLease("n1", lease("n1", ago(6), Duration.ofSeconds(10))).build();
        Verdict v = check.judge(n1, s, NOW);
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.recheckAt()).isEqualTo(ago(6).plusSeconds(40));
    }

    @Test
    void nodeWithoutLeaseIsJudgedFromItsCreation() {
        NodeView young = node("n2", ago(30), cond("Ready", "True", ago(25)));
        NodeView old = node("n3", ago(50), cond("Ready", "True", ago(45)));
        ClusterSnapshot s = snapshot().nodes(young, old).build();
        Verdict y = check.judge(young, s, NOW);
        assertThat(y.status()).isEqualTo(Status.SUSPECT);
        assertThat(y.since()).isEqualTo(ago(30));
        Verdict o = check.judge(old, s, NOW);
        assertThat(o.isUnhealthy()).isTrue();
        assertThat(o.since()).isEqualTo(ago(50));
        assertThat(o.evidence()).startsWith("no node Lease since");
    }

    @Test
    void leaseNeverRenewedIsJudgedFromCreation() {
        NodeView n = node("n2", ago(60), cond("Ready", "True", ago(55)));
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n2", new LeaseView("n2", null, null, null)).build();
        Verdict v = check.judge(n, s, NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(60));
        assertThat(v.evidence()).startsWith("node Lease never renewed");
    }

    @Test
    void renewalAheadOfTheHealersClockIsHealthy() {
        Verdict v = check.judge(n1, snapshot().nodes(n1).nodeLease("n1", NOW.plusSeconds(3)).build(), NOW);
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.recheckAt()).isEqualTo(NOW.plusSeconds(23));
    }

    @Test
    void rejectsThresholdsOutOfRange() {
        assertThatThrownBy(() -> new NodeLeaseCheck(Duration.ZERO))
                .hasMessage("NodeLeaseCheck.unhealthyAfter must be between 1 s and 24 h, was 0 s");
        assertThatThrownBy(() -> new NodeLeaseCheck(null)).hasMessageContaining("NodeLeaseCheck.unhealthyAfter must be set");
    }
}
