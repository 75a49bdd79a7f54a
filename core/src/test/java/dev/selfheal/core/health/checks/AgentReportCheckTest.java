package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict.Status;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.protocol.AgentConditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentReportCheckTest {

    private final AgentReportCheck check = new AgentReportCheck(Duration.ofSeconds(20));

    private Verdict judge(long renewedSecondsAgo, ConditionView... conditions) {
        NodeView n = ready("n1", conditions);
        return check.judge(n, snapshot().nodes(n).agentLease("n1", ago(renewedSecondsAgo)).build(), NOW);
    }

    private static ConditionView escalation(String reason) {
        return cond(AgentConditions.ESCALATION, "True", reason, "3 restarts in 5 min did not help", ago(4));
    }

    @Test
    void nodeWithoutAgentLeaseHasNoAgentAndIsHealthy() {
        NodeView n = ready("n1", cond("KubeletUnhealthy", "True", ago(100)));
        Verdict v = check.judge(n, snapshot().nodes(n).build(), NOW);
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.evidence()).isEmpty();
        assertThat(v.recheckAt()).isNull();
    }

    @Test
    void freshAgentIsHealthyUntilItsLeaseRunsOut() {
        Verdict v = judge(3, cond("KubeletUnhealthy", "False", ago(100)));
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.recheckAt()).isEqualTo(ago(3).plusSeconds(10));
    }

    @Test
    void agentPastItsLeaseIsSuspect() {
        Verdict v = judge(12);
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.AGENT_SILENT);
        assertThat(v.since()).isEqualTo(ago(12));
        assertThat(v.recheckAt()).isEqualTo(ago(12).plusSeconds(20));
    }

    @Test
    void silentAgentIsUnhealthyAndItsStaleReportsAreIgnored() {
        Verdict v = judge(20, cond("KubeletUnhealthy", "True", ago(100)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.AGENT_SILENT);
        assertThat(v.since()).isEqualTo(ago(20));
        assertThat(v.evidence()).contains("agent Lease not renewed", "20 s");
    }

    @Test
    void componentDownIsUnhealthyAtOnce() {
        Verdict v = judge(1, cond("KubeletUnhealthy", "True", "KubeletDown", "kubelet.service inactive", ago(3)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.COMPONENT_DOWN);
        assertThat(v.since()).isEqualTo(ago(3));
        assertThat(v.attribute("component")).contains("kubelet");
        assertThat(v.attribute("components")).contains("kubelet");
        assertThat(v.evidence()).contains("kubelet", "KubeletDown", "kubelet.service inactive");
    }

    @Test
    void lowestComponentInTheStackIsNamedFirst() {
        Verdict v = judge(1, cond("KubeProxyUnhealthy", "True", ago(50)), cond("KubeletUnhealthy", "True", ago(9)),
                cond("ContainerRuntimeUnhealthy", "True", ago(10)));
        assertThat(v.attribute("component")).contains("container-runtime");
        assertThat(v.attribute("components")).contains("container-runtime,kubelet,kube-proxy");
        assertThat(v.since()).isEqualTo(ago(10));
    }

    @Test
    void escalationNamesTheComponentOfItsReason() {
        Verdict v = judge(1, cond("KubeletUnhealthy", "True", ago(30)), escalation("container-runtime"));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.AGENT_ESCALATION);
        assertThat(v.since()).isEqualTo(ago(4));
        assertThat(v.attribute("component")).contains("container-runtime");
        assertThat(v.attribute("components")).contains("kubelet");
        assertThat(v.evidence()).contains("escalated container-runtime", "did not help");
    }

    @Test
    void escalationWithoutAComponentInItsReasonFallsBackToTheComponentsDown() {
        assertThat(judge(1, cond("KubeletUnhealthy", "True", ago(30)), escalation("RestartsExhausted"))
                .attribute("component")).contains("kubelet");
        Verdict bare = judge(1, escalation(""));
        assertThat(bare.symptom()).isEqualTo(Symptom.AGENT_ESCALATION);
        assertThat(bare.attribute("component")).isEmpty();
        assertThat(bare.evidence()).contains("an unnamed component");
    }

    @Test
    void escalationConditionFalseIsIgnored() {
        assertThat(judge(1, cond(AgentConditions.ESCALATION, "False", ago(4))).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void leaseDurationLongerThanSilentAfterIsCapped() {
        AgentReportCheck quick = new AgentReportCheck(Duration.ofSeconds(5));
        NodeView n = ready("n1");
        Verdict v = quick.judge(n, snapshot().nodes(n).agentLease("n1", ago(2)).build(), NOW);
        assertThat(v.recheckAt()).isEqualTo(ago(2).plusSeconds(5));
    }

    @Test
    void rejectsSilentAfterShorterThanTwoHeartbeats() {
        assertThatThrownBy(() -> new AgentReportCheck(Duration.ofSeconds(3)))
                .hasMessage("AgentReportCheck.silentAfter must be between 4 s and 24 h, was 3 s");
    }
}
