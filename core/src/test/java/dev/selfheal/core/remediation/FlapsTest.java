package dev.selfheal.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Telling a flap from a new failure, and what the continuing remediation takes over. */
class FlapsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Set<String> DESTRUCTIVE = Set.of("fence", "release", "replace", "remove-node");

    @Test
    void aNodeFailingAgainSoonAfterItsRemediationEndedFlapsAndOnlyThen() {
        Remediation healed = healedByReboot(NOW.minusSeconds(300));
        assertThat(Flaps.flapped(healed, "n1-uid", FailureClass.NODE_UNREACHABLE, NOW, WINDOW)).isTrue();
        assertThat(Flaps.flapped(healed, "n1-uid", FailureClass.OS_FAILURE, NOW, WINDOW))
                .as("another reason is the same failure").isTrue();
        assertThat(Flaps.flapped(healed, "n1-uid", FailureClass.NODE_UNREACHABLE, NOW.plus(Duration.ofMinutes(8)), WINDOW))
                .as("healthy for 11 min").isFalse();
        assertThat(Flaps.flapped(healed, "other-uid", FailureClass.NODE_UNREACHABLE, NOW, WINDOW)).as("a new node").isFalse();
        assertThat(Flaps.flapped(healed, "n1-uid", FailureClass.POD_FAILURE, NOW, WINDOW)).as("pods never flap").isFalse();
        assertThat(Flaps.flapped(healed, "n1-uid", FailureClass.NODE_UNREACHABLE, NOW, Duration.ZERO)).as("off").isFalse();
    }

    @Test
    void theContinuationKeepsTheFirstUnhealthyTimeCountsOnAndPassesByTheHarmlessStepsTried() {
        Remediation first = healedByReboot(NOW.minusSeconds(300));
        Remediation fresh = Remediation.start("r2", "n1", "n1-uid", FailureClass.NODE_UNREACHABLE, null,
                List.of("restart-component", "reboot", "fence"), "h", NOW, "x").continuing(NOW.minusSeconds(40), List.of());
        Remediation second = Flaps.continuing(fresh, first, DESTRUCTIVE::contains);
        assertThat(second.unhealthySince()).isEqualTo(first.unhealthySince());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.tried()).containsExactly("reboot");
        Remediation third = Flaps.continuing(fresh, second.moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW).stepFinished("skipped", NOW, "tried").phase(StepPhase.ACTING, NOW)
                .stepFinished("failed", NOW, "no").moveTo(RemediationState.FAILED, NOW, ""), DESTRUCTIVE::contains);
        assertThat(third.tried()).as("carried on, destructive steps not").containsExactly("reboot");
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(third.unhealthySince()).isEqualTo(first.unhealthySince());
    }

    /** A remediation that started at {@code since} and was healed by a reboot a minute later. */
    private static Remediation healedByReboot(Instant since) {
        return Remediation.start("r1", "n1", "n1-uid", FailureClass.NODE_UNREACHABLE, null, List.of("restart-component", "reboot",
                "fence"), "h", since.plusSeconds(40), "x").continuing(since, List.of())
                .moveTo(RemediationState.REMEDIATING, since.plusSeconds(40), "")
                .phase(StepPhase.ACTING, since.plusSeconds(40)).stepFinished("skipped", since.plusSeconds(40), "no agent")
                .phase(StepPhase.ACTING, since.plusSeconds(40)).stepFinished("healed", since.plusSeconds(120), "back")
                .moveTo(RemediationState.SUCCEEDED, since.plusSeconds(120), "healed");
    }
}
