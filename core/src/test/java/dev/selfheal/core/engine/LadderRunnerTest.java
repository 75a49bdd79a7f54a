package dev.selfheal.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepEvidence;
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
    void aHealthyNodeEndsTheRemediationCancelledWhenNoStepActedAndSucceededOnlyAfterEvidenceAndBurnIn() {
        Remediation fresh = start(List.of("reboot")).moveTo(RemediationState.REMEDIATING, NOW, "");
        Decision.Save cancelled = (Decision.Save) runner.decide(view(fresh, true, Set.of()), NOW);
        assertThat(cancelled.next().state()).isEqualTo(RemediationState.CANCELLED);
        Remediation acted = acted(fresh, "boot-1");
        Decision.Save burning = (Decision.Save) runner.decide(view(acted, true, Set.of(Capability.REBOOT),
                NOW.minusSeconds(1), "boot-2"), NOW);
        assertThat(burning.next().state()).isEqualTo(RemediationState.REMEDIATING);
        assertThat(burning.next().evidence().healthySince()).isEqualTo(NOW);
        assertThat(burning.notices()).extracting(Notice::reason).containsExactly(EventReason.BurnInStarted);
        Instant later = NOW.plusSeconds(30);
        assertThat(runner.decide(view(burning.next(), true, Set.of(Capability.REBOOT), later, "boot-2"), later))
                .isEqualTo(new Decision.Wait(NOW.plus(RecoverySettings.DEFAULT_BURN_IN)));
        Instant end = NOW.plus(RecoverySettings.DEFAULT_BURN_IN);
        Decision.Save healed = (Decision.Save) runner.decide(view(burning.next(), true, Set.of(Capability.REBOOT), end, "boot-2"), end);
        assertThat(healed.next().state()).isEqualTo(RemediationState.SUCCEEDED);
        assertThat(healed.next().history().get(0).actedAt()).isEqualTo(NOW.minusSeconds(20));
        assertThat(healed.notices()).extracting(Notice::reason).containsExactly(EventReason.StepHealed,
                EventReason.RemediationSucceeded);
    }

    @Test
    void aReadyNodeWithoutALeaseRenewedSinceTheActionOrANewBootIdIsNotHealedAndTheLadderGoesOn() {
        Remediation acted = acted(start(List.of("reboot", "fence")).moveTo(RemediationState.REMEDIATING, NOW, ""), "boot-1");
        Set<Capability> caps = Set.of(Capability.REBOOT, Capability.POWER_OFF);
        Decision stale = runner.decide(view(acted, true, caps, NOW.minusSeconds(25), "boot-2"), NOW);
        assertThat(stale).as("a Lease renewed before the reboot").isInstanceOf(Decision.Wait.class);
        Decision sameBoot = runner.decide(view(acted, true, caps, NOW.minusSeconds(1), "boot-1"), NOW);
        assertThat(sameBoot).as("the boot id it had before").isInstanceOf(Decision.Wait.class);
        Instant limit = acted.stepStartedAt().plus(Duration.ofMinutes(2));
        Decision next = runner.decide(view(acted, true, caps, NOW.minusSeconds(25), "boot-1"), limit);
        assertThat(next).isInstanceOf(Decision.Act.class);
        assertThat(((Decision.Act) next).step().name()).isEqualTo("fence");
        assertThat(((Decision.Act) next).acting().history()).extracting(h -> h.step() + "=" + h.outcome())
                .containsExactly("reboot=timed-out");
    }

    @Test
    void aNodeThatFailsItsBurnInFailsTheStepAndTheLadderGoesOn() {
        Remediation acted = acted(start(List.of("reboot", "fence")).moveTo(RemediationState.REMEDIATING, NOW, ""), "boot-1");
        Set<Capability> caps = Set.of(Capability.REBOOT, Capability.POWER_OFF);
        Remediation burning = ((Decision.Save) runner.decide(view(acted, true, caps, NOW.minusSeconds(1), "boot-2"), NOW)).next();
        Instant later = NOW.plusSeconds(20);
        Decision d = runner.decide(view(burning, false, caps, NOW.minusSeconds(1), "boot-2"), later);
        assertThat(d).isInstanceOf(Decision.Act.class);
        Decision.Act fence = (Decision.Act) d;
        assertThat(fence.step().name()).isEqualTo("fence");
        assertThat(fence.acting().history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly("reboot=failed");
        assertThat(fence.acting().history().get(0).detail()).contains("did not stay healthy for the burn-in");
        assertThat(fence.acting().state()).isEqualTo(RemediationState.REMEDIATING);
    }

    @Test
    void aStepActsWithTheBootIdBeforeItAndRecordsWhenItsActionReturned() {
        Remediation r = start(List.of("reboot")).moveTo(RemediationState.REMEDIATING, NOW, "");
        Decision.Act act = (Decision.Act) runner.decide(view(r, false, Set.of(Capability.REBOOT), NOW.minusSeconds(60), "boot-1"), NOW);
        assertThat(act.acting().evidence().bootIdBefore()).isEqualTo("boot-1");
        assertThat(act.acting().evidence().actedAt()).isNull();
        Instant returned = NOW.plusSeconds(3);
        Decision.Save verifying = (Decision.Save) runner.acted(act.acting(), act.step(), act.acting(), null, returned);
        assertThat(verifying.next().phase()).isEqualTo(StepPhase.VERIFYING);
        assertThat(verifying.next().evidence()).isEqualTo(new StepEvidence(returned, "boot-1", null));
    }

    @Test
    void stepsTriedBeforeTheNodeFlappedArePassedByButDestructiveOnesAreNot() {
        Remediation r = start(List.of("reboot", "fence")).continuing(NOW.minusSeconds(600), List.of("reboot", "fence"));
        Decision.Act act = (Decision.Act) runner.decide(view(r, false, Set.of(Capability.REBOOT, Capability.POWER_OFF)), NOW);
        assertThat(act.step().name()).isEqualTo("fence");
        assertThat(act.acting().history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly("reboot=skipped");
        assertThat(act.acting().history().get(0).detail()).contains("tried before for this failure");
        assertThat(act.acting().unhealthySince()).isEqualTo(NOW.minusSeconds(600));
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

    /** A reboot that acted 20 s ago on a node whose boot id was {@code bootId}. */
    private static Remediation acted(Remediation r, String bootId) {
        return r.phase(StepPhase.ACTING, NOW.minusSeconds(30)).withEvidence(StepEvidence.before(bootId), NOW.minusSeconds(30))
                .phase(StepPhase.VERIFYING, NOW.minusSeconds(20))
                .withEvidence(StepEvidence.before(bootId).acted(NOW.minusSeconds(20)), NOW.minusSeconds(20));
    }

    private StepView view(Remediation r, boolean healthy, Set<Capability> caps) {
        return view(r, healthy, caps, null, null);
    }

    private StepView view(Remediation r, boolean healthy, Set<Capability> caps, Instant leaseRenewed, String bootId) {
        NodeView node = new NodeView("n1", "n1-uid", "test://m1", Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", healthy ? "True" : "Unknown", "", "", NOW, NOW)), NOW.minusSeconds(3600), false,
                bootId);
        Map<String, LeaseView> leases = leaseRenewed == null ? Map.of()
                : Map.of("n1", new LeaseView("n1", "n1", leaseRenewed, Duration.ofSeconds(40)));
        ClusterSnapshot s = new ClusterSnapshot(NOW, Map.of("n1", node), leases, Map.of(), Map.of(), Map.of(), Map.of());
        Optional<Machine> machine = Optional.of(new Machine(null, MachineRef.of("test", "m1", "n1")));
        return new StepView(r, s, NOW, healthy, false, machine, caps, settings);
    }
}
