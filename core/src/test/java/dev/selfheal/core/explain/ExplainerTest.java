package dev.selfheal.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.DryRunGate;
import dev.selfheal.core.safety.ExclusionGate;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.GateDecision;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.core.safety.PauseGate;
import dev.selfheal.core.safety.StormGate;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Explanations on the healer's real checks, diagnoser, gates, ladders and steps, with no I/O. */
class ExplainerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final List<HealthCheck> CHECKS = BuiltInChecks.defaults();
    private static final Set<Capability> ALL = Set.of(Capability.POWER_STATUS, Capability.POWER_OFF, Capability.POWER_ON,
            Capability.REPLACE);

    private final AtomicBoolean paused = new AtomicBoolean();
    private final StepRegistry steps = StepRegistry.create(List.of());
    private final LadderCatalog ladders = LadderCatalog.create(RecoverySettings.defaults(), steps);

    private Explainer explainer(boolean dryRun) {
        GateChain gates = new GateChain(List.of(new PauseGate(paused::get), new ExclusionGate("selfheal.dev/exclude"),
                new StormGate(MaxUnhealthy.parse("2"), Duration.ofMinutes(5)), new DryRunGate(dryRun, ladders::ladder)));
        return new Explainer(gates, ladders, steps, RecoverySettings.defaults());
    }

    private static NodeView node(boolean ready) {
        Instant beat = ready ? NOW : NOW.minusSeconds(120);
        return new NodeView("n1", "n1-uid", "test://m1", Map.of(), Map.of(), List.of(), List.of(new ConditionView("Ready",
                ready ? "True" : "Unknown", "r", "m", beat, beat)), NOW.minus(Duration.ofDays(1)), false);
    }

    private static ClusterSnapshot snapshot(NodeView n, MachineView machine) {
        Instant beat = n.isReady() ? NOW : NOW.minusSeconds(120);
        return new ClusterSnapshot(NOW, Map.of("n1", n), Map.of("n1", new LeaseView("n1", "n1", beat, Duration.ofSeconds(40))),
                Map.of(), Map.of(), Map.of(), machine == null ? Map.of() : Map.of("n1", machine));
    }

    /** The subject the healer would hand over: judged by the built-in checks and the diagnoser. */
    private static Subject subject(NodeView n, ClusterSnapshot s, Optional<Remediation> active) {
        List<Verdict> verdicts = CHECKS.stream().map(c -> c.judge(n, s, NOW)).toList();
        Optional<Diagnosis> d = new Diagnoser().diagnose(n, verdicts, s, NOW);
        Optional<GateInput> in = d.filter(x -> active.isEmpty()).map(x -> new GateInput(n, x, s, 1, List.of(), Optional.empty(), NOW));
        Machine m = new Machine(null, MachineRef.of("test", "m1", "n1"));
        return new Subject(n, s, NOW, verdicts, d, in, active, Optional.of(m), ALL, false);
    }

    private static MachineView gone() {
        return new MachineView("n1", PowerState.GONE, false, "VirtualMachine.removed", NOW.minusSeconds(5), true);
    }

    @Test
    void aHealthyNodeHasEveryVerdictAndNothingToDo() {
        NodeView n = node(true);
        Explanation e = explainer(false).explain(subject(n, snapshot(n, null), Optional.empty()));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.NOTHING_TO_DO);
        assertThat(e.verdicts()).hasSize(CHECKS.size()).allMatch(v -> v.status() == Verdict.Status.HEALTHY);
        assertThat(e.gates()).isEmpty();
        assertThat(e.ladder()).isEmpty();
        assertThat(e.summary()).isEqualTo("healthy: no check finds anything");
    }

    @Test
    void aGoneMachineWouldBeFencedReleasedAndReplacedButNotPoweredOn() {
        NodeView n = node(false);
        Explanation e = explainer(false).explain(subject(n, snapshot(n, gone()), Optional.empty()));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.WOULD_START);
        assertThat(e.diagnosis()).map(Diagnosis::failureClass).contains(FailureClass.MACHINE_DOWN);
        assertThat(e.gates()).extracting(GateDecision::gate)
                .containsExactly("pause", "exclusion", "max-unhealthy", DryRunGate.NAME);
        assertThat(e.gates()).allMatch(GateDecision::allowed);
        assertThat(e.ladder()).extracting(PlannedStep::toString).containsExactly("fence", "release",
                "power-on (skipped: the provider reports the machine gone)", "replace", "remove-node");
        assertThat(e.summary()).startsWith("would remediate MACHINE_DOWN (INFRASTRUCTURE layer: the provider reports the"
                + " machine gone").endsWith("with [fence, release, power-on (skipped: the provider reports the machine"
                + " gone), replace, remove-node]");
        assertThat(e.findings()).extracting(Verdict::check).contains("machine-status");
        assertThat(e.describe()).contains("machine-status: UNHEALTHY MACHINE_GONE - the provider reports the machine gone")
                .contains("max-unhealthy: allow").contains("diagnosis: MACHINE_DOWN (INFRASTRUCTURE layer)");
    }

    @Test
    void everyGateIsAskedAndTheFirstDenialIsTheOneTold() {
        NodeView n = node(false);
        paused.set(true);
        Explanation e = explainer(true).explain(subject(n, snapshot(n, gone()), Optional.empty()));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.BLOCKED);
        assertThat(e.denial()).map(GateDecision::gate).contains("pause");
        assertThat(e.gates()).extracting(g -> g.gate() + "=" + g.allowed())
                .containsExactly("pause=false", "exclusion=true", "max-unhealthy=true", "dry-run=false");
        assertThat(e.summary()).contains("blocked by gate pause").contains("ladder would be [fence, release");
    }

    @Test
    void aDryRunTellsThePlan() {
        NodeView n = node(false);
        Explanation e = explainer(true).explain(subject(n, snapshot(n, gone()), Optional.empty()));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.DRY_RUN);
        assertThat(e.summary()).startsWith("dry run: would remediate MACHINE_DOWN").contains("replace, remove-node]");
    }

    @Test
    void withoutAMachineTheProviderStepsWouldBeSkipped() {
        NodeView n = node(false);
        ClusterSnapshot s = snapshot(n, null);
        Subject known = subject(n, s, Optional.empty());
        Subject unknown = new Subject(n, s, NOW, known.verdicts(), known.diagnosis(), known.gateInput(), Optional.empty(),
                Optional.empty(), Set.of(), false);

        Explanation e = explainer(false).explain(unknown);

        assertThat(e.diagnosis()).map(Diagnosis::failureClass).contains(FailureClass.NODE_UNREACHABLE);
        assertThat(e.ladder()).filteredOn(p -> p.status() == PlannedStep.Status.WOULD_RUN).isEmpty();
        assertThat(e.ladder()).allMatch(p -> !p.note().isEmpty());
    }

    @Test
    void aRemediationInProgressShowsItsStepsAndAsksNoGate() {
        NodeView n = node(false);
        Remediation r = Remediation.start("r1", "n1", "n1-uid", FailureClass.MACHINE_DOWN, null,
                List.of("fence", "release", "replace", "remove-node"), "healer-a", NOW.minusSeconds(30), "gone")
                .fenced(NOW.minusSeconds(20)).stepFinished("done", NOW.minusSeconds(20), "gone");
        Explanation e = explainer(false).explain(subject(n, snapshot(n, gone()), Optional.of(r)));

        assertThat(e.outcome()).isEqualTo(Explanation.Outcome.IN_PROGRESS);
        assertThat(e.gates()).isEmpty();
        assertThat(e.ladder()).extracting(PlannedStep::status).containsExactly(PlannedStep.Status.DONE,
                PlannedStep.Status.CURRENT, PlannedStep.Status.WOULD_RUN, PlannedStep.Status.WOULD_RUN);
        assertThat(e.summary()).startsWith("remediation r1 of MACHINE_DOWN in progress");
    }
}
