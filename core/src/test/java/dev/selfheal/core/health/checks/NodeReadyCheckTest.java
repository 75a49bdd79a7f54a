package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.CREATED;
import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.node;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeReadyCheckTest {

    private final NodeReadyCheck check = new NodeReadyCheck(Duration.ofSeconds(40));
    private final ClusterSnapshot empty = ClusterSnapshot.empty(NOW);

    private Verdict judge(NodeView n) {
        return check.judge(n, empty, NOW);
    }

    @Test
    void readyNodeIsHealthy() {
        Verdict v = judge(ready("n1"));
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.symptom()).isNull();
        assertThat(v.recheckAt()).isNull();
        assertThat(v.node()).isEqualTo("n1");
        assertThat(v.check()).isEqualTo("node-ready");
    }

    @Test
    void notReadyBelowThresholdIsSuspectUntilSincePlusThreshold() {
        Verdict v = judge(notReady("n1", "Unknown", ago(10)));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.NODE_NOT_READY);
        assertThat(v.since()).isEqualTo(ago(10));
        assertThat(v.recheckAt()).isEqualTo(ago(10).plusSeconds(40));
    }

    @Test
    void notReadyForExactlyTheThresholdIsUnhealthy() {
        Verdict v = judge(notReady("n1", "False", ago(40)));
        assertThat(v.status()).isEqualTo(Status.UNHEALTHY);
        assertThat(v.since()).isEqualTo(ago(40));
        assertThat(v.recheckAt()).isNull();
    }

    @Test
    void notReadyPastTheThresholdIsUnhealthyWithEvidence() {
        Verdict v = judge(notReady("n1", "Unknown", ago(100)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.NODE_NOT_READY);
        assertThat(v.evidence()).contains("Ready=Unknown", "NodeStatusUnknown", "Kubelet stopped posting",
                ago(100).toString(), "100 s", "threshold 40 s");
    }

    @Test
    void readyWithoutTransitionTimeCountsFromCreation() {
        NodeView n = node("n1", CREATED, cond("Ready", "Unknown", null));
        Verdict v = judge(n);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(CREATED);
    }

    @Test
    void nodeThatNeverBecameReadyIsLeftToTheStartupCheck() {
        NodeView booting = node("n1", ago(300), cond("Ready", "False", ago(299)));
        NodeView noReady = node("n2", ago(300));
        assertThat(judge(booting).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(noReady).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void unknownRightAfterRegisteringIsJudgedHere() {
        NodeView n = node("n1", ago(300), cond("Ready", "Unknown", ago(295)));
        assertThat(judge(n).isUnhealthy()).isTrue();
    }

    @Test
    void describesItself() {
        assertThat(check.name()).isEqualTo(NodeReadyCheck.NAME);
        assertThat(check.layer()).isEqualTo(Layer.COMPONENTS);
        assertThat(check.unhealthyAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void rejectsThresholdsOutOfRange() {
        assertThatThrownBy(() -> new NodeReadyCheck(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NodeReadyCheck.unhealthyAfter").hasMessageContaining("between 1 s and 24 h");
        assertThatThrownBy(() -> new NodeReadyCheck(Duration.ofMillis(500)))
                .hasMessage("NodeReadyCheck.unhealthyAfter must be between 1 s and 24 h, was 500 ms");
        assertThatThrownBy(() -> new NodeReadyCheck(Duration.ofSeconds(-5)))
                .hasMessage("NodeReadyCheck.unhealthyAfter must be between 1 s and 24 h, was -5 s");
        assertThatThrownBy(() -> new NodeReadyCheck(Duration.ofHours(25)))
                .hasMessage("NodeReadyCheck.unhealthyAfter must be between 1 s and 24 h, was 25 h");
        assertThat(new NodeReadyCheck(Duration.ofSeconds(1)).unhealthyAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new NodeReadyCheck(Duration.ofHours(24)).unhealthyAfter()).isEqualTo(Duration.ofHours(24));
    }
}
