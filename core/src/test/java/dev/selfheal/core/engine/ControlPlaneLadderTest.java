package dev.selfheal.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.SelfhealConfig;
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
import dev.selfheal.core.safety.HealerGates;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ladder runner with the healer's step gates, on three control-plane nodes (etcd membership inferred). */
class ControlPlaneLadderTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final Set<Capability> ALL = Set.of(Capability.REBOOT, Capability.POWER_OFF, Capability.POWER_ON,
            Capability.REPLACE);
    private final RecoverySettings settings = RecoverySettings.defaults();
    private final LadderRunner runner = new LadderRunner(StepRegistry.create(List.of()), settings,
            HealerGates.steps(SelfhealConfig.builder().build()));

    @Test
    void aFenceHeldByTheQuorumIsAHoldAfterTheMovesBeforeItAreSaved() {
        Remediation r = Remediation.start("r1", "cp1", "cp1-uid", FailureClass.MACHINE_DOWN, null,
                List.of("fence", "release", "replace"), "h", NOW.minusSeconds(60), "x");
        Map<String, Boolean> ready = Map.of("cp1", false, "cp2", false, "cp3", true);
        Decision first = runner.decide(view(r, ready, false), NOW);
        assertThat(first).as("PENDING -> REMEDIATING is saved first").isInstanceOf(Decision.Save.class);
        Remediation saved = ((Decision.Save) first).next();
        assertThat(saved.state()).isEqualTo(RemediationState.REMEDIATING);
        Decision second = runner.decide(view(saved, ready, false), NOW);
        assertThat(second).isInstanceOf(Decision.Hold.class);
        Decision.Hold hold = (Decision.Hold) second;
        assertThat(hold.node()).isEqualTo("cp1");
        assertThat(hold.remediationId()).isEqualTo("r1");
        assertThat(hold.gate().text()).startsWith("etcd-quorum: refusing fence of cp1 (3 etcd members, membership unknown")
                .endsWith("unhealthy: cp2: the node is not Ready (Ready=Unknown)");
        Decision healed = runner.decide(view(saved, Map.of("cp1", false, "cp2", true, "cp3", true), false), NOW);
        assertThat(healed).as("cp2 is back: the fence acts").isInstanceOf(Decision.Act.class);
        assertThat(((Decision.Act) healed).step().name()).isEqualTo("fence");
    }

    @Test
    void aStepPassedByIsRecordedSkippedWithTheGatesReasonAndTheLadderGoesOn() {
        Remediation r = Remediation.start("r1", "cp1", "cp1-uid", FailureClass.OS_FAILURE, null, List.of("replace", "reboot"), "h",
                NOW.minusSeconds(60), "x");
        Decision d = runner.decide(view(r, Map.of("cp1", false, "cp2", true, "cp3", true), false), NOW);
        assertThat(d).isInstanceOf(Decision.Act.class);
        Decision.Act act = (Decision.Act) d;
        assertThat(act.step().name()).isEqualTo("reboot");
        assertThat(act.acting().history()).extracting(h -> h.step() + "=" + h.outcome() + ": " + h.detail())
                .containsExactly("replace=skipped: reboot-before-replace: refusing replace of control-plane node cp1: a control-plane"
                        + " node is rebooted before it is replaced, and this ladder has not gone through reboot");
    }

    @Test
    void aControlPlaneComponentWaitsForTheAgentThenTheLadderGoesOn() {
        Remediation r = Remediation.start("r1", "cp1", "cp1-uid", FailureClass.COMPONENT_FAILURE, "kube-apiserver",
                List.of("reboot", "fence"), "h", NOW.minusSeconds(60), "x").moveTo(RemediationState.REMEDIATING, NOW, "")
                .continuing(NOW.minusSeconds(60), List.of());
        Map<String, Boolean> ready = Map.of("cp1", false, "cp2", true, "cp3", true);
        Decision d = runner.decide(view(r, ready, true), NOW);
        assertThat(d).isInstanceOf(Decision.Hold.class);
        assertThat(((Decision.Hold) d).gate().until()).isEqualTo(NOW.plusSeconds(60));
        assertThat(runner.decide(view(r, ready, true, NOW.plusSeconds(60)), NOW.plusSeconds(60))).isInstanceOf(Decision.Act.class);
    }

    private StepView view(Remediation r, Map<String, Boolean> ready, boolean agentAlive) {
        return view(r, ready, agentAlive, NOW);
    }

    /** The nodes Ready or not, the Ready ones' Leases renewed at {@code renewed}. */
    private StepView view(Remediation r, Map<String, Boolean> ready, boolean agentAlive, Instant renewed) {
        Map<String, NodeView> nodes = new HashMap<>();
        ready.forEach((n, up) -> nodes.put(n, new NodeView(n, n + "-uid", "test://m-" + n,
                Map.of(NodeView.CONTROL_PLANE_LABEL, ""), Map.of(), List.of(),
                List.of(new ConditionView("Ready", up ? "True" : "Unknown", "", "", NOW, NOW)), NOW.minusSeconds(3600), false)));
        Map<String, LeaseView> leases = new HashMap<>();
        ready.forEach((n, up) -> leases.put(n, new LeaseView(n, n, up ? renewed : NOW.minusSeconds(120), Duration.ofSeconds(40))));
        ClusterSnapshot s = new ClusterSnapshot(NOW, nodes, leases, Map.of(), Map.of(), Map.of(), Map.of());
        Optional<Machine> machine = Optional.of(new Machine(null, MachineRef.of("test", "m-" + r.node(), r.node())));
        return new StepView(r, s, NOW, false, agentAlive, machine, ALL, settings);
    }
}
