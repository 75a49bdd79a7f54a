package dev.selfheal.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each built-in step's applies and verify, from a view alone. */
class StepsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant STEP_STARTED = NOW.minusSeconds(30);

    @Test
    void fenceResumedReadsAProviderAnswerGivenAfterTheStepStarted() {
        FenceStep fence = new FenceStep();
        Remediation r = acting("fence");
        assertThat(fence.applies(view(r, Set.of(Capability.POWER_OFF), null, Map.of()))).isTrue();
        assertThat(fence.applies(view(r, Set.of(Capability.REBOOT), null, Map.of()))).isFalse();
        assertThat(fence.verify(view(r, Set.of(), machine(PowerState.OFF, STEP_STARTED.minusSeconds(1)), Map.of())).progress())
                .as("an answer from before the step proves nothing").isEqualTo(StepCheck.Progress.WAITING);
        StepCheck off = fence.verify(view(r, Set.of(), machine(PowerState.OFF, NOW), Map.of()));
        assertThat(off.progress()).isEqualTo(StepCheck.Progress.DONE);
        assertThat(off.remediation().fencedAt()).isEqualTo(NOW);
        assertThat(fence.verify(view(r, Set.of(), machine(PowerState.ON, NOW), Map.of())).progress())
                .isEqualTo(StepCheck.Progress.FAILED);
    }

    @Test
    void replaceResumedFinishesOnlyWhenTheOldMachineIsGone() {
        ReplaceStep replace = new ReplaceStep();
        Remediation r = acting("replace");
        StepCheck gone = replace.verify(view(r, Set.of(), machine(PowerState.GONE, NOW), Map.of()));
        assertThat(gone.progress()).isEqualTo(StepCheck.Progress.DONE);
        assertThat(gone.remediation().replacedAt()).isEqualTo(STEP_STARTED);
        assertThat(replace.verify(view(r, Set.of(), machine(PowerState.OFF, NOW), Map.of())).progress())
                .isEqualTo(StepCheck.Progress.WAITING);
        assertThat(replace.verify(view(r.replacedBy("i-new", STEP_STARTED, NOW), Set.of(), null, Map.of())).progress())
                .isEqualTo(StepCheck.Progress.DONE);
    }

    @Test
    void restartComponentReadsTheAgentsAnswerFromTheNode() {
        RestartComponentStep restart = new RestartComponentStep();
        Remediation r = acting("restart-component");
        String request = r.id() + "-" + r.stepIndex();
        assertThat(restart.verify(view(r, Set.of(), null, Map.of())).detail()).isEqualTo("waiting for the agent");
        assertThat(restart.verify(view(r, Set.of(), null, Map.of(RestartAck.ANNOTATION, "old-0/failed"))).progress())
                .as("an answer to an older request").isEqualTo(StepCheck.Progress.WAITING);
        assertThat(restart.verify(view(r, Set.of(), null, Map.of(RestartAck.ANNOTATION, request + "/failed")))
                .progress()).isEqualTo(StepCheck.Progress.FAILED);
    }

    @Test
    void removeNodeWaitsForANodeRegisteredAfterTheReplacementWasAskedFor() {
        RemoveNodeStep remove = new RemoveNodeStep();
        Remediation r = acting("remove-node").fenced(NOW.minusSeconds(100)).replacedBy("started", NOW.minusSeconds(50), NOW);
        Map<String, NodeView> nodes = new HashMap<>();
        nodes.put("early", node("early", "other-uid", NOW.minusSeconds(60), Map.of()));
        StepView before = new StepView(r, snapshot(nodes, Map.of()), NOW, false, false, Optional.empty(), Set.of(),
                RecoverySettings.defaults());
        assertThat(remove.verify(before).progress()).isEqualTo(StepCheck.Progress.WAITING);
        nodes.put("new", node("new", "new-uid", NOW.minusSeconds(40), Map.of()));
        StepView after = new StepView(r, snapshot(nodes, Map.of()), NOW, false, false, Optional.empty(), Set.of(),
                RecoverySettings.defaults());
        assertThat(remove.verify(after).progress()).isEqualTo(StepCheck.Progress.HEALED);
        assertThat(remove.applies(after)).isTrue();
        assertThat(remove.applies(after.with(acting("remove-node")))).as("never without a fence").isFalse();
    }

    @Test
    void releaseAppliesOnlyToAFencedNodeAndIsDoneWhenNoPodIsLeft() {
        ReleaseWorkloadsStep release = new ReleaseWorkloadsStep();
        Remediation r = acting("release");
        assertThat(release.applies(view(r, Set.of(), null, Map.of()))).isFalse();
        Remediation fenced = r.fenced(NOW);
        assertThat(release.applies(view(fenced, Set.of(), null, Map.of()))).isTrue();
        assertThat(release.verify(view(fenced, Set.of(), null, Map.of())).progress()).isEqualTo(StepCheck.Progress.DONE);
    }

    private static Remediation acting(String step) {
        return Remediation.start("r1", "n1", "n1-uid", FailureClass.NODE_UNREACHABLE, null, List.of(step), "h",
                NOW.minusSeconds(120), "x").moveTo(RemediationState.REMEDIATING, NOW.minusSeconds(120), "")
                .phase(StepPhase.ACTING, STEP_STARTED).phase(StepPhase.VERIFYING, STEP_STARTED);
    }

    private static MachineView machine(PowerState power, Instant at) {
        return new MachineView("n1", power, false, "", at, true);
    }

    private static StepView view(Remediation r, Set<Capability> caps, MachineView machine, Map<String, String> annotations) {
        Map<String, NodeView> nodes = Map.of("n1", node("n1", "n1-uid", NOW.minusSeconds(3600), annotations));
        Map<String, MachineView> machines = machine == null ? Map.of() : Map.of("n1", machine);
        return new StepView(r, snapshot(nodes, machines), NOW, false, false,
                Optional.of(new Machine(null, MachineRef.of("test", "m1", "n1"))), caps, RecoverySettings.defaults());
    }

    private static ClusterSnapshot snapshot(Map<String, NodeView> nodes, Map<String, MachineView> machines) {
        Map<String, List<PodView>> pods = Map.of();
        return new ClusterSnapshot(NOW, Map.copyOf(nodes), Map.of(), Map.of(), pods, Map.of(), machines);
    }

    private static NodeView node(String name, String uid, Instant created, Map<String, String> annotations) {
        return new NodeView(name, uid, "test://" + name, Map.of(), annotations, List.of(),
                List.of(new ConditionView("Ready", "True", "", "", created, NOW)), created, false);
    }
}
