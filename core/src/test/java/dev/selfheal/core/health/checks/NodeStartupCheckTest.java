package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.node;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeStartupCheckTest {

    private final NodeStartupCheck check = new NodeStartupCheck(Duration.ofMinutes(10));
    private final ClusterSnapshot empty = ClusterSnapshot.empty(NOW);

    private Verdict judge(NodeView n) {
        return check.judge(n, empty, NOW);
    }

    @Test
    void readyNodeIsHealthy() {
        assertThat(judge(ready("n1")).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void bootingNodeIsSuspectUntilCreationPlusTimeout() {
        NodeView n = node("n1", ago(300), cond("Ready", "False", "KubeletNotReady", "cni not initialized", ago(299)));
        Verdict v = judge(n);
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.NODE_STARTUP_TIMEOUT);
        assertThat(v.since()).isEqualTo(ago(300));
        assertThat(v.recheckAt()).isEqualTo(ago(300).plus(Duration.ofMinutes(10)));
    }

    @Test
    void nodeNeverReadyPastTheTimeoutIsUnhealthy() {
        NodeView n = node("n1", ago(660), cond("Ready", "False", "KubeletNotReady", "cni not initialized", ago(658)));
        Verdict v = judge(n);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(660));
        assertThat(v.evidence()).contains("never Ready", "KubeletNotReady", "cni not initialized", "11 min", "10 min");
    }

    @Test
    void nodeWithoutReadyConditionCountsAsNeverReady() {
        Verdict v = judge(node("n1", ago(600)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.evidence()).contains("no Ready condition");
    }

    @Test
    void aNodeThatChangedStateAfterRegisteringIsNotStarting() {
        assertThat(judge(node("n1", ago(3600), cond("Ready", "False", ago(1200)))).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(node("n1", ago(3600), cond("Ready", "Unknown", ago(3599)))).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void neverReadyRuleWindow() {
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100), cond("Ready", "False", ago(70))))).isTrue();
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100), cond("Ready", "False", ago(69))))).isFalse();
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100), cond("Ready", "False", ago(125))))).isTrue();
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100), cond("Ready", "False", null)))).isTrue();
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100), cond("Ready", "True", ago(100))))).isFalse();
        assertThat(NodeStartupCheck.neverReady(node("n", ago(100)))).isTrue();
    }

    @Test
    void rejectsTimeoutOutOfRange() {
        assertThatThrownBy(() -> new NodeStartupCheck(Duration.ofDays(2)))
                .hasMessage("NodeStartupCheck.timeout must be between 1 s and 24 h, was 48 h");
    }
}
