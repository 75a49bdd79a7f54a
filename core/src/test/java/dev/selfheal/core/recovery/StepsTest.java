package dev.selfheal.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepEvidence;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    @Test
    void releaseSetsTheOutOfServiceTaintOnlyAfterTheNodeHoldsNoStatefulSetPod() {
        for (ReleaseMode mode : ReleaseMode.values()) {
            List<String> calls = new ArrayList<>();
            Remediation fenced = acting("release").fenced(NOW);
            StepView v = new StepView(fenced, snapshot(Map.of(), Map.of()), NOW, false, false, Optional.empty(), Set.of(),
                    RecoverySettings.defaults().withReleaseMode(mode));
            new ReleaseWorkloadsStep().act(new StepContext(v, null, recording(calls), Duration.ofSeconds(60)));
            List<String> expected = mode == ReleaseMode.OUT_OF_SERVICE_TAINT
                    ? List.of("addTaint selfheal.dev/fenced NoSchedule", "addTaint node.kubernetes.io/out-of-service NoExecute")
                    : List.of("addTaint selfheal.dev/fenced NoSchedule", "forceDeletePods", "deleteVolumeAttachments",
                            "awaitStatefulSetPodsGone PT30S", "addTaint node.kubernetes.io/out-of-service NoExecute");
            assertThat(calls).as(mode.name()).containsExactlyElementsOf(expected);
        }
    }

    /** Kubernetes operations that only note each call (method, and the taint or the wait's limit). */
    private static ClusterOperations recording(List<String> calls) {
        return (ClusterOperations) Proxy.newProxyInstance(ClusterOperations.class.getClassLoader(),
                new Class<?>[] {ClusterOperations.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    calls.add(switch (name) {
                        case "addTaint" -> name + " " + args[1] + " " + args[3];
                        case "awaitStatefulSetPodsGone" -> name + " " + args[1];
                        default -> name;
                    });
                    return method.getReturnType() == List.class ? List.of() : null;
                });
    }

    @Test
    void powerOnHealsOnlyOnALeaseRenewedAfterTheActionTheAgentsHeartbeatAndANewBootId() {
        PowerOnStep powerOn = new PowerOnStep();
        Instant acted = NOW.minusSeconds(20);
        Remediation r = acting("power-on").withEvidence(new StepEvidence(acted, "boot-1", null), NOW);
        assertThat(powerOn.verify(evidenceView(r, true, NOW.minusSeconds(25), null, "boot-2")).progress())
                .as("a Lease still within its duration but renewed before the power-on").isEqualTo(StepCheck.Progress.WAITING);
        assertThat(powerOn.verify(evidenceView(r, false, NOW.minusSeconds(1), null, "boot-2")).progress())
                .as("a late heartbeat (SUSPECT) is not healthy").isEqualTo(StepCheck.Progress.WAITING);
        assertThat(powerOn.verify(evidenceView(r, true, NOW.minusSeconds(1), null, "boot-1")).detail())
                .contains("has not booted again");
        assertThat(powerOn.verify(evidenceView(r, true, NOW.minusSeconds(1), NOW.minusSeconds(25), "boot-2")).detail())
                .contains("agent has not heartbeated");
        StepCheck healed = powerOn.verify(evidenceView(r, true, NOW.minusSeconds(1), NOW.minusSeconds(2), "boot-2"));
        assertThat(healed.progress()).isEqualTo(StepCheck.Progress.HEALED);
        assertThat(healed.detail()).contains("Lease renewed after the action", "agent heartbeating", "boot id changed");
        Remediation noBootId = acting("power-on").withEvidence(new StepEvidence(acted, null, null), NOW);
        assertThat(powerOn.verify(evidenceView(noBootId, true, NOW.minusSeconds(1), null, null)).progress())
                .as("a node that reports no boot id is judged by its Lease").isEqualTo(StepCheck.Progress.HEALED);
        assertThat(powerOn.verify(evidenceView(acting("power-on"), true, NOW.minusSeconds(1), null, null)).progress())
                .as("no action time, no evidence").isEqualTo(StepCheck.Progress.WAITING);
    }

    @Test
    void restartComponentHealsOnlyOnALeaseRenewedAfterTheRequestAndNeedsNoNewBootId() {
        RestartComponentStep restart = new RestartComponentStep();
        Remediation r = acting("restart-component").withEvidence(new StepEvidence(NOW.minusSeconds(20), "boot-1", null), NOW);
        assertThat(restart.verify(evidenceView(r, true, NOW.minusSeconds(25), NOW.minusSeconds(1), "boot-1")).progress())
                .isEqualTo(StepCheck.Progress.WAITING);
        assertThat(restart.verify(evidenceView(r, true, NOW.minusSeconds(1), NOW.minusSeconds(1), "boot-1")).progress())
                .isEqualTo(StepCheck.Progress.HEALED);
    }

    private static StepView evidenceView(Remediation r, boolean healthy, Instant leaseRenewed, Instant agentRenewed, String bootId) {
        NodeView n = node("n1", "n1-uid", NOW.minusSeconds(3600), Map.of()).withBootId(bootId);
        Map<String, LeaseView> agents = agentRenewed == null ? Map.of()
                : Map.of("n1", new LeaseView("selfheal-agent-n1", "n1", agentRenewed, Duration.ofSeconds(15)));
        ClusterSnapshot s = new ClusterSnapshot(NOW, Map.of("n1", n),
                Map.of("n1", new LeaseView("n1", "n1", leaseRenewed, Duration.ofSeconds(40))), agents, Map.of(), Map.of(), Map.of());
        boolean agentAlive = agentRenewed != null && NOW.isBefore(agentRenewed.plusSeconds(15));
        return new StepView(r, s, NOW, healthy, agentAlive, Optional.of(new Machine(null, MachineRef.of("test", "m1", "n1"))),
                Set.of(Capability.POWER_ON), RecoverySettings.defaults());
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
