package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.machine;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineStatusCheckTest {

    private final MachineStatusCheck check = new MachineStatusCheck(Duration.ofSeconds(60));
    private final NodeView n1 = ready("n1");

    private Verdict judge(MachineView m) {
        return check.judge(n1, snapshot().nodes(n1).machine(m).build(), NOW);
    }

    @Test
    void noProviderAnswerRecordedIsHealthyWithoutEvidence() {
        Verdict v = check.judge(n1, snapshot().nodes(n1).build(), NOW);
        assertThat(v.status()).isEqualTo(Status.HEALTHY);
        assertThat(v.evidence()).isEmpty();
        assertThat(v.attributes()).isEmpty();
    }

    @Test
    void runningMachineIsHealthy() {
        assertThat(judge(machine("n1", PowerState.ON, false, ago(5))).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(machine("n1", PowerState.POWERING_ON, false, ago(5))).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void poweredOffIsUnhealthyAtOnce() {
        Verdict v = judge(machine("n1", PowerState.OFF, false, ago(5)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.MACHINE_OFF);
        assertThat(v.since()).isEqualTo(ago(5));
        assertThat(v.attribute("power")).contains("OFF");
    }

    @Test
    void goneWinsOverEverything() {
        Verdict v = judge(machine("n1", PowerState.GONE, true, ago(5)));
        assertThat(v.symptom()).isEqualTo(Symptom.MACHINE_GONE);
        assertThat(v.evidence()).contains("gone");
    }

    @Test
    void offWinsOverImpaired() {
        assertThat(judge(machine("n1", PowerState.OFF, true, ago(5))).symptom()).isEqualTo(Symptom.MACHINE_OFF);
    }

    @Test
    void impairedFromAProviderAnswer() {
        MachineStatus status = new MachineStatus(MachineRef.of("test", "m-1", "n1"), PowerState.ON,
                List.of(new HealthFinding(HealthFinding.Severity.CRITICAL, "SYSTEM_STATUS_CHECK", "impaired")),
                ago(7));
        Verdict v = judge(MachineView.of("n1", status));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.symptom()).isEqualTo(Symptom.MACHINE_IMPAIRED);
        assertThat(v.since()).isEqualTo(ago(7));
        assertThat(v.evidence()).contains("impaired", "SYSTEM_STATUS_CHECK");
    }

    @Test
    void unansweredIsSuspectUntilTheDurationPasses() {
        Verdict v = judge(MachineView.unanswered("n1", "connect timed out", ago(10)));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.MACHINE_UNANSWERED);
        assertThat(v.recheckAt()).isEqualTo(ago(10).plusSeconds(60));
        assertThat(v.evidence()).contains("connect timed out");
        Verdict late = judge(MachineView.unanswered("n1", "connect timed out", ago(60)));
        assertThat(late.isUnhealthy()).isTrue();
        assertThat(late.since()).isEqualTo(ago(60));
    }

    @Test
    void answerWithoutUsablePowerStateCountsAsUnanswered() {
        Verdict v = judge(machine("n1", PowerState.UNKNOWN, false, ago(90)));
        assertThat(v.symptom()).isEqualTo(Symptom.MACHINE_UNANSWERED);
        assertThat(v.isUnhealthy()).isTrue();
    }

    @Test
    void zeroDurationMakesUnansweredUnhealthyAtOnce() {
        MachineStatusCheck strict = new MachineStatusCheck(Duration.ZERO);
        Verdict v = strict.judge(n1, snapshot().nodes(n1).machine(MachineView.unanswered("n1", "x", NOW)).build(), NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(strict.layer()).isEqualTo(Layer.INFRASTRUCTURE);
    }

    @Test
    void rejectsNegativeDuration() {
        assertThatThrownBy(() -> new MachineStatusCheck(Duration.ofSeconds(-1)))
                .hasMessage("MachineStatusCheck.unansweredAfter must be between 0 s and 24 h, was -1 s");
    }
}
