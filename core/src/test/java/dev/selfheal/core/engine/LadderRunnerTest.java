package dev.selfheal.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runner's decisions as values, without an engine. */
class LadderRunnerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final RecoverySettings settings = RecoverySettings.defaults().withStepTimeout("reboot", Duration.ofMinutes(2));
    private final LadderRunner runner = new LadderRunner(StepRegistry.create(List.of()), settings);

    @Test
    void startingAndSkippingFoldIntoTheActOfTheFirstStepThatApplies() {
        Remediation r = start(List.of("restart-component", "reboot", "fence"));
        Decision d = runner.decide(view(r, false, Set.of(Capability.POWER_OFF)), NOW);
        assertThat(d).isInstanceOf(Decision.Act.class);
        Decision.Act act = (Decision.Act) d;
        assertThat(act.step().name()).isEqualTo("fence");
        assertThat(act.acting().state()).isEqualTo(RemediationState.REMEDIATING);
        assertThat(act.acting().phase()).isEqualTo(StepPhase.ACTING);
        assertThat(act.acting().history()).extracting(h -> h.step() + "=" + h.outcome())
                .containsExactly("restart-component=skipped", "reboot=skipped");
        assertThat(act.notices()).extracting(Notice::reason).containsExactly(EventReason.StepSkipped, EventReason.StepSkipped,
                EventReason.StepStarted);
    }

    @Test
    void aDestructiveStepFoundActingIsVerifiedNeverRepeatedAndAHarmlessOneRunsAgain() {
        Remediation fencing = start(List.of("fence", "release")).moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW.minusSeconds(10));
        Decision d = runner.decide(view(fencing, false, Set.of(Capability.POWER_OFF)), NOW);
        assertThat(d).isInstanceOf(Decision.Save.class);
        Decision.Save save = (Decision.Save) d;
        assertThat(save.next().phase()).isEqualTo(StepPhase.VERIFYING);
        assertThat(save.notices()).extracting(Notice::reason).containsExactly(EventReason.StepResumed);
        Remediation rebooting = start(List.of("reboot")).moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW.minusSeconds(10));
        Decision again = runner.decide(view(rebooting, false, Set.of(Capability.REBOOT)), NOW);
        assertThat(again).isInstanceOf(Decision.Act.class);
        assertThat(((Decision.Act) again).step().name()).isEqualTo("reboot");
    }

    @Test
    void aWaitingStepWaitsUntilItsLimitThenTheLadderMovesOn() {
        Remediation rebooting = start(List.of("reboot", "fence")).moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW.minusSeconds(30)).phase(StepPhase.VERIFYING, NOW.minusSeconds(29));
        Decision wait = runner.decide(view(rebooting, false, Set.of(Capability.REBOOT, Capability.POWER_OFF)), NOW);
        assertThat(wait).isEqualTo(new Decision.Wait(NOW.minusSeconds(30).plus(Duration.ofMinutes(2))));
        Decision later = runner.decide(view(rebooting, false, Set.of(Capability.REBOOT, Capability.POWER_OFF)),
                NOW.plus(Duration.ofMinutes(2)));
        assertThat(later).isInstanceOf(Decision.Act.class);
        assertThat(((Decision.Act) later).acting().history()).extracting(h -> h.step() + "=" + h.outcome())
                .containsExactly("reboot=timed-out");
    }

    @Test
    void aHealthyNodeEndsTheRemediationSucceededOnlyWhenAStepActed() {
        Remediation fresh = start(List.of("reboot")).moveTo(RemediationState.REMEDIATING, NOW, "");
        Decision.Save cancelled = (Decision.Save) runner.decide(view(fresh, true, Set.of()), NOW);
        assertThat(cancelled.next().state()).isEqualTo(RemediationState.CANCELLED);
        Remediation acted = fresh.phase(StepPhase.ACTING, NOW).phase(StepPhase.VERIFYING, NOW);
        Decision.Save healed = (Decision.Save) runner.decide(view(acted, true, Set.of(Capability.REBOOT)), NOW);
        assertThat(healed.next().state()).isEqualTo(RemediationState.SUCCEEDED);
        assertThat(healed.notices()).extracting(Notice::reason).containsExactly(EventReason.StepHealed,
                EventReason.RemediationSucceeded);
    }

    @Test
    void aFailedDestructiveActionStopsForAPersonAndAFailedHarmlessOneMovesOn() {
        Remediation acting = start(List.of("fence", "release")).moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW);
        Decision.Save fenceFailed = (Decision.Save) runner.acted(acting, StepRegistry.create(List.of()).step("fence").orElseThrow(),
                null, new IllegalStateException("BMC said no"), NOW);
        assertThat(fenceFailed.next().state()).isEqualTo(RemediationState.FAILED);
        assertThat(fenceFailed.next().message()).contains("BMC said no").contains("stopping for a person");
        Remediation rebooting = start(List.of("reboot", "fence")).moveTo(RemediationState.REMEDIATING, NOW, "")
                .phase(StepPhase.ACTING, NOW);
        Decision.Save rebootFailed = (Decision.Save) runner.acted(rebooting,
                StepRegistry.create(List.of()).step("reboot").orElseThrow(), null, new IllegalStateException("busy"), NOW);
        assertThat(rebootFailed.next().state()).isEqualTo(RemediationState.REMEDIATING);
        assertThat(rebootFailed.next().currentStep()).contains("fence");
    }

    private static Remediation start(List<String> ladder) {
        return Remediation.start("r1", "n1", "n1-uid", FailureClass.NODE_UNREACHABLE, null, ladder, "h", NOW.minusSeconds(60), "x");
    }

    private StepView view(Remediation r, boolean healthy, Set<Capability> caps) {
        NodeView node = new NodeView("n1", "n1-uid", "test://m1", Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", healthy ? "True" : "Unknown", "", "", NOW, NOW)), NOW.minusSeconds(3600), false);
        ClusterSnapshot s = new ClusterSnapshot(NOW, Map.of("n1", node), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        Optional<Machine> machine = Optional.of(new Machine(null, MachineRef.of("test", "m1", "n1")));
        return new StepView(r, s, NOW, healthy, false, machine, caps, settings);
    }
}
