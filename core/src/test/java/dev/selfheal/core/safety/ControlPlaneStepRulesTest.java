package dev.selfheal.core.safety;

import static dev.selfheal.core.safety.ControlPlaneCluster.NOW;
import static dev.selfheal.core.safety.ControlPlaneCluster.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.ControlPlaneSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.recovery.FenceStep;
import dev.selfheal.core.recovery.RebootStep;
import dev.selfheal.core.recovery.ReleaseWorkloadsStep;
import dev.selfheal.core.recovery.RemoveNodeStep;
import dev.selfheal.core.recovery.ReplaceStep;
import dev.selfheal.core.recovery.RestartComponentStep;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.StepGateDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent first for control-plane components, and reboot before replace on control-plane nodes. */
class ControlPlaneStepRulesTest {

    private static final List<String> LADDER = List.of("restart-component", "reboot", "fence", "release", "replace", "remove-node");
    private static final Instant SINCE = NOW.minusSeconds(30);

    private final AgentFirstGate agentFirst = new AgentFirstGate(ControlPlaneSettings.defaults());
    private final RebootBeforeReplaceGate order = new RebootBeforeReplaceGate(ControlPlaneSettings.defaults());

    private static ControlPlaneCluster cluster() {
        return new ControlPlaneCluster().master("cp1").master("cp2").master("cp3").node("w1", "True", Map.of());
    }

    private static Remediation component(String node, String component, String step) {
        return at(node, FailureClass.COMPONENT_FAILURE, component, LADDER, step, SINCE);
    }

    @Test
    void aControlPlaneComponentIsLeftToALiveAgentForTheGraceBeforeAnyEscalation() {
        for (String c : List.of("etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager")) {
            StepGateDecision d = agentFirst.evaluate(cluster().input(component("cp1", c, "reboot"), false, true, NOW));
            assertThat(d.kind()).as(c).isEqualTo(Kind.HOLD);
            assertThat(d.until()).isEqualTo(SINCE.plus(Duration.ofMinutes(2)));
            assertThat(d.text()).isEqualTo("agent-first: holding reboot of control-plane node cp1: " + c + " failed there and its"
                    + " agent is alive; the agent restarts it first, until " + d.until() + " (gates.controlPlane.agentGrace PT2M)");
        }
        assertThat(agentFirst.evaluate(cluster().input(component("cp1", "etcd", "fence"), true, true, NOW)).kind())
                .isEqualTo(Kind.HOLD);
        assertThat(agentFirst.evaluate(cluster().input(component("cp1", "etcd", "reboot"), false, true, SINCE.plusSeconds(120)))
                .kind()).as("the grace is over").isEqualTo(Kind.ACT);
    }

    @Test
    void theRestartActsAtOnceAndNothingWaitsForASilentAgentAWorkerOrANodeComponent() {
        assertThat(agentFirst.evaluate(cluster().input(component("cp1", "etcd", "restart-component"), false, true, NOW)).kind())
                .isEqualTo(Kind.ACT);
        assertThat(agentFirst.evaluate(cluster().input(component("cp1", "etcd", "reboot"), false, false, NOW)).kind())
                .as("a silent agent restarts nothing").isEqualTo(Kind.ACT);
        assertThat(agentFirst.evaluate(cluster().input(component("w1", "kube-apiserver", "reboot"), false, true, NOW)).kind())
                .as("not a control-plane node").isEqualTo(Kind.ACT);
        assertThat(agentFirst.evaluate(cluster().input(component("cp1", "kubelet", "reboot"), false, true, NOW)).kind())
                .as("the kubelet is no control-plane component").isEqualTo(Kind.ACT);
        assertThat(agentFirst.evaluate(cluster().input(at("cp1", "reboot"), false, true, NOW)).kind())
                .as("an unreachable node").isEqualTo(Kind.ACT);
        AgentFirstGate none = new AgentFirstGate(ControlPlaneSettings.of(ControlPlaneSettings.CONTROL_PLANE_LABEL, Duration.ZERO));
        assertThat(none.evaluate(cluster().input(component("cp1", "etcd", "reboot"), false, true, NOW)).kind())
                .as("agentGrace 0s").isEqualTo(Kind.ACT);
    }

    @Test
    void aControlPlaneNodeIsRebootedBeforeItIsReplaced() {
        Remediation afterReboot = component("cp1", "etcd", "replace");
        assertThat(afterReboot.history()).extracting(h -> h.step()).contains("reboot");
        assertThat(order.evaluate(cluster().input(afterReboot, true, true, NOW)).kind()).isEqualTo(Kind.ACT);
        Remediation replaceFirst = at("cp1", FailureClass.OS_FAILURE, null, List.of("fence", "replace", "reboot"), "replace", SINCE);
        StepGateDecision d = order.evaluate(cluster().input(replaceFirst, true, true, NOW));
        assertThat(d.kind()).isEqualTo(Kind.PASS_BY);
        assertThat(d.text()).isEqualTo("reboot-before-replace: refusing replace of control-plane node cp1: a control-plane node"
                + " is rebooted before it is replaced, and this ladder has not gone through reboot");
        Remediation removeFirst = at("cp1", FailureClass.OS_FAILURE, null, List.of("remove-node"), "remove-node", SINCE);
        assertThat(order.evaluate(cluster().input(removeFirst, true, true, NOW)).kind()).isEqualTo(Kind.PASS_BY);
        Remediation worker = at("w1", FailureClass.OS_FAILURE, null, List.of("replace"), "replace", SINCE);
        assertThat(order.evaluate(cluster().input(worker, true, true, NOW)).kind()).as("a worker").isEqualTo(Kind.ACT);
        Remediation triedBeforeAFlap = replaceFirst.continuing(SINCE, List.of("reboot"));
        assertThat(order.evaluate(cluster().input(triedBeforeAFlap, true, true, NOW)).kind())
                .as("rebooted by the remediation this one continues").isEqualTo(Kind.ACT);
    }

    @Test
    void aConfiguredSelectorDecidesWhatIsAControlPlaneNode() {
        ControlPlaneSettings masters = ControlPlaneSettings.of("node-role.kubernetes.io/master,tier=cp", Duration.ofMinutes(1));
        ControlPlaneCluster c = new ControlPlaneCluster().node("m1", "True", Map.of("node-role.kubernetes.io/master", "",
                "tier", "cp")).node("m2", "True", Map.of("node-role.kubernetes.io/master", "", "tier", "x")).master("cp1");
        AgentFirstGate gate = new AgentFirstGate(masters);
        assertThat(gate.evaluate(c.input(component("m1", "etcd", "reboot"), false, true, NOW)).kind()).isEqualTo(Kind.HOLD);
        assertThat(gate.evaluate(c.input(component("m2", "etcd", "reboot"), false, true, NOW)).kind()).isEqualTo(Kind.ACT);
        assertThat(gate.evaluate(c.input(component("cp1", "etcd", "reboot"), false, true, NOW)).kind()).isEqualTo(Kind.ACT);
    }

    @Test
    void theHealersStepGatesComeInOrderAndTheFirstThatDoesNotActWins() {
        StepGateChain chain = HealerGates.steps(SelfhealConfig.builder().build());
        assertThat(chain.gates()).extracting(StepGate::name).containsExactly(RebootBeforeReplaceGate.NAME, AgentFirstGate.NAME,
                EtcdQuorumGate.NAME);
        ControlPlaneCluster oneDown = cluster().node("cp3", "Unknown", Map.of(ControlPlaneCluster.CP, ""));
        assertThat(chain.evaluate(oneDown.input(component("cp1", "etcd", "reboot"), false, true, NOW)).gate())
                .isEqualTo(AgentFirstGate.NAME);
        assertThat(chain.evaluate(oneDown.input(component("cp1", "etcd", "reboot"), false, true, NOW.plusSeconds(600))).gate())
                .isEqualTo(EtcdQuorumGate.NAME);
        ControlPlaneCluster later = cluster().lease("cp2", NOW.plusSeconds(599)).lease("cp3", NOW.plusSeconds(599));
        assertThat(chain.evaluate(later.input(component("cp1", "etcd", "reboot"), false, true, NOW.plusSeconds(600))).acts())
                .isTrue();
        assertThat(StepGateChain.NONE.evaluate(oneDown.input(at("cp1", "fence"))).acts()).isTrue();
    }

    @Test
    void theStepNamesTheGatesKnowAreTheBuiltInSteps() {
        assertThat(List.of(RestartComponentStep.NAME, RebootStep.NAME, FenceStep.NAME, ReleaseWorkloadsStep.NAME, ReplaceStep.NAME,
                RemoveNodeStep.NAME)).containsExactly("restart-component", "reboot", "fence", "release", "replace", "remove-node");
    }
}
