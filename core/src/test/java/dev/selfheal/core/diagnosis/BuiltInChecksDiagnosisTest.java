package dev.selfheal.core.diagnosis;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.crashLooping;
import static dev.selfheal.core.health.checks.CheckFixtures.machine;
import static dev.selfheal.core.health.checks.CheckFixtures.node;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.pod;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.protocol.Component;
import dev.selfheal.spi.PowerState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in checks and the diagnoser together, on the situations the seed scenarios describe. */
class BuiltInChecksDiagnosisTest {

    private final List<HealthCheck> checks = BuiltInChecks.defaults();
    private final Diagnoser diagnoser = new Diagnoser();

    private List<Verdict> judge(NodeView n, ClusterSnapshot s) {
        return checks.stream().map(c -> c.judge(n, s, NOW)).toList();
    }

    private Optional<Diagnosis> diagnose(NodeView n, ClusterSnapshot s) {
        return diagnoser.diagnose(n, judge(n, s), s, NOW);
    }

    @Test
    void healthyNodeWithItsAgentHasNothingToDiagnose() {
        NodeView n = ready("n1");
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(3)).agentLease("n1", ago(1))
                .pods(pod("ns/a", "n1", "ReplicaSet"), pod("db/db-0", "n1", "StatefulSet"))
                .attachment("va-1", "n1", true).machine(machine("n1", PowerState.ON, false, ago(30))).build();
        assertThat(judge(n, s)).allMatch(v -> v.status() == Verdict.Status.HEALTHY);
        assertThat(diagnose(n, s)).isEmpty();
    }

    @Test
    void deadKubeletOnALiveMachineIsAComponentFailure() {
        NodeView n = notReady("n1", "Unknown", ago(45), cond("KubeletUnhealthy", "True", "KubeletDown", "", ago(58)));
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(60)).agentLease("n1", ago(1)).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.COMPONENT_FAILURE);
        assertThat(d.component()).isEqualTo(Component.KUBELET);
        assertThat(d.since()).isEqualTo(ago(60));
    }

    @Test
    void poweredOffMachineIsDownBeforeKubernetesNotices() {
        NodeView n = ready("n1");
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(12)).agentLease("n1", ago(12))
                .machine(machine("n1", PowerState.OFF, false, ago(2))).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.MACHINE_DOWN);
        assertThat(d.since()).isEqualTo(ago(2));
    }

    @Test
    void silentNodeAndAgentIsUnreachableAndOwnsItsHeldPods() {
        NodeView n = notReady("n1", "Unknown", ago(80));
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(120)).agentLease("n1", ago(120))
                .pods(pod("db/db-0", "n1", "StatefulSet"), pod("ns/a", "n1", "ReplicaSet", "Running", ago(90)))
                .attachment("va-1", "n1", true).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.NODE_UNREACHABLE);
        assertThat(d.evidence()).extracting(Verdict::symptom).containsExactly(Symptom.AGENT_SILENT,
                Symptom.NODE_HEARTBEAT_LOST, Symptom.NODE_NOT_READY, Symptom.PODS_STUCK_TERMINATING,
                Symptom.STATEFUL_PODS_HELD, Symptom.VOLUME_ATTACHMENT_HELD);
        assertThat(d.since()).isEqualTo(ago(120));
        assertThat(d.summary()).isEqualTo("the node has had no heartbeat for 2 min and its agent is silent");
    }

    @Test
    void nodeThatNeverBootedIsAStartupFailure() {
        NodeView n = node("n1", ago(700), cond("Ready", "False", "KubeletNotReady", "cni plugin not initialized", ago(699)));
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(4)).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.NODE_STARTUP_FAILURE);
        assertThat(d.since()).isEqualTo(ago(700));
    }

    @Test
    void readOnlyRootOnAWorkingNodeIsAnOsFailure() {
        NodeView n = ready("n1", cond("ReadonlyFilesystem", "True", "FilesystemIsReadOnly", "", ago(120)));
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(3)).agentLease("n1", ago(1))
                .pods(pod("ns/a", "n1", "ReplicaSet", crashLooping("app", 6))).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.OS_FAILURE);
        assertThat(d.evidence()).extracting(Verdict::symptom).containsExactly(Symptom.OS_CONDITION, Symptom.POD_CRASH_LOOP);
    }

    @Test
    void crashLoopOnAWorkingNodeIsAPodFailure() {
        NodeView n = ready("n1");
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(3))
                .pods(pod("ns/a", "n1", "ReplicaSet", crashLooping("app", 6))).build();
        Diagnosis d = diagnose(n, s).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.POD_FAILURE);
        assertThat(d.evidence().get(0).attribute("pod")).contains("ns/a");
    }
}
