package dev.selfheal.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.diagnosis.FailureClass;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationStateTest {

    private static final Instant T0 = Instant.parse("2026-11-21T06:00:00Z");

    @Test
    void transitionTableAllowsOnlyTheLifecycle() {
        assertThat(RemediationState.PENDING.canMoveTo(RemediationState.REMEDIATING)).isTrue();
        assertThat(RemediationState.PENDING.canMoveTo(RemediationState.CANCELLED)).isTrue();
        assertThat(RemediationState.PENDING.canMoveTo(RemediationState.SUCCEEDED)).isFalse();
        assertThat(RemediationState.REMEDIATING.canMoveTo(RemediationState.FAILED)).isTrue();
        for (RemediationState end : List.of(RemediationState.SUCCEEDED, RemediationState.FAILED, RemediationState.CANCELLED)) {
            assertThat(end.isFinal()).isTrue();
            for (RemediationState any : RemediationState.values()) {
                assertThat(end.canMoveTo(any)).isFalse();
            }
        }
        assertThatThrownBy(() -> RemediationState.SUCCEEDED.moveTo(RemediationState.REMEDIATING))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("SUCCEEDED -> REMEDIATING");
    }

    @Test
    void remediationWalksItsLadderAndRecordsFacts() {
        Remediation r = Remediation.start("id-1", "n1", "uid-1", FailureClass.NODE_UNREACHABLE, null,
                List.of("fence", "release"), "healer-a", T0, "no heartbeat");
        assertThat(r.currentStep()).contains("fence");
        r = r.moveTo(RemediationState.REMEDIATING, T0, "go").phase(StepPhase.ACTING, T0.plusSeconds(1));
        assertThat(r.stepStartedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(r.isFenced()).isFalse();
        r = r.fenced(T0.plusSeconds(2)).phase(StepPhase.VERIFYING, T0.plusSeconds(2)).stepFinished("done", T0.plusSeconds(3), "off");
        assertThat(r.isFenced()).isTrue();
        assertThat(r.currentStep()).contains("release");
        assertThat(r.phase()).isEqualTo(StepPhase.READY);
        assertThat(r.hasRun("fence")).isTrue();
        r = r.stepFinished("done", T0.plusSeconds(4), "released");
        assertThat(r.currentStep()).isEmpty();
        assertThatThrownBy(() -> Remediation.start("x", "n", "u", FailureClass.POD_FAILURE, null, List.of("a"), "o", T0, "")
                .moveTo(RemediationState.SUCCEEDED, T0, "")).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void recordRoundTripsThroughItsPersistedFormat() {
        Remediation r = Remediation.start("id-2", "n2", "uid-2", FailureClass.MACHINE_DOWN, "kubelet",
                List.of("fence", "release", "power-on"), "healer-b", T0, "machine off").withAttempt(2)
                .moveTo(RemediationState.REMEDIATING, T0, "go").fenced(T0.plusSeconds(5)).stepFinished("done", T0.plusSeconds(5), "off");
        String json = LeaseRemediationFormat.toJson(r);
        assertThat(LeaseRemediationFormat.fromJson("lease", json)).isEqualTo(r);
        assertThat(LeaseRemediationFormat.fromJson("lease", json.replace("{\"id\"", "{\"future\":1,\"id\""))).isEqualTo(r);
        assertThatThrownBy(() -> LeaseRemediationFormat.fromJson("selfheal-remediation-n2", "{not json"))
                .hasMessageContaining("selfheal-remediation-n2");
    }

    @Test
    void theEvidenceTheFirstOnsetAndTheStepsTriedSurviveTheJsonAndAnOlderRecordReadsWithoutThem() {
        Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
        Remediation r = Remediation.start("id-3", "n3", "uid-3", FailureClass.NODE_UNREACHABLE, null,
                List.of("reboot", "fence"), "healer-c", t0, "down").continuing(t0.minusSeconds(300), List.of("restart-component"))
                .moveTo(RemediationState.REMEDIATING, t0, "go").phase(StepPhase.ACTING, t0)
                .withEvidence(StepEvidence.before("boot-1").acted(t0.plusSeconds(2)).burningInSince(t0.plusSeconds(9)), t0);
        Remediation back = LeaseRemediationFormat.fromJson("lease", LeaseRemediationFormat.toJson(r));
        assertThat(back).isEqualTo(r);
        assertThat(back.evidence()).isEqualTo(new StepEvidence(t0.plusSeconds(2), "boot-1", t0.plusSeconds(9)));
        Remediation finished = back.stepFinished("healed", t0.plusSeconds(70), "ok");
        assertThat(finished.history().get(0).actedAt()).isEqualTo(t0.plusSeconds(2));
        assertThat(finished.evidence()).isNull();
        String older = "{\"id\":\"id-4\",\"node\":\"n4\",\"nodeUid\":\"u\",\"failureClass\":\"MACHINE_DOWN\",\"state\":\"SUCCEEDED\","
                + "\"ladder\":[\"fence\"],\"stepIndex\":1,\"phase\":\"READY\",\"owner\":\"h\",\"startedAt\":\"2026-11-30T11:00:00Z\","
                + "\"updatedAt\":\"2026-11-30T11:01:00Z\",\"history\":[{\"step\":\"fence\",\"outcome\":\"done\","
                + "\"at\":\"2026-11-30T11:01:00Z\",\"detail\":\"off\"}],\"message\":\"m\",\"attempt\":1}";
        Remediation old = LeaseRemediationFormat.fromJson("lease", older);
        assertThat(old.tried()).isEmpty();
        assertThat(old.unhealthySince()).isNull();
        assertThat(old.evidence()).isNull();
        assertThat(old.lastActedAt()).isNull();
    }
}
