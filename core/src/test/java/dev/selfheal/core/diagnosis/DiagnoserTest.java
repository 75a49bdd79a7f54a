package dev.selfheal.core.diagnosis;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.machine;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.checks.CheckFixtures.SnapshotBuilder;
import dev.selfheal.protocol.Component;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The diagnosis rules, one row per situation. */
class DiagnoserTest {

    private final Diagnoser diagnoser = new Diagnoser();

    /** An unhealthy verdict about n1 with {@code since = ago(sinceAgo)} and attributes as key, value pairs. */
    static Verdict bad(Symptom s, long sinceAgo, String... attributes) {
        Verdict v = Verdict.unhealthy("test-" + s.name().toLowerCase(), "n1", s, "saw " + s, ago(sinceAgo));
        for (int i = 0; i < attributes.length; i += 2) {
            v = v.with(attributes[i], attributes[i + 1]);
        }
        return v;
    }

    static Verdict suspect(Symptom s, long sinceAgo) {
        return Verdict.suspect("test-" + s.name().toLowerCase(), "n1", s, "saw " + s, ago(sinceAgo), NOW.plusSeconds(5));
    }

    /** One row: the situation, the verdicts and the expected outcome. */
    static final class Case {
        final String name;
        NodeView node = notReady("n1", "Unknown", ago(60));
        final SnapshotBuilder snapshot = snapshot();
        final List<Verdict> verdicts = new ArrayList<>();
        FailureClass expected;
        Component component;

        Case(String name) {
            this.name = name;
        }

        Case working() {
            node = ready("n1");
            snapshot.nodeLease("n1", ago(2));
            return this;
        }

        Case agentFresh() {
            snapshot.agentLease("n1", ago(1));
            return this;
        }

        Case agentStale() {
            snapshot.agentLease("n1", ago(15));
            return this;
        }

        Case machine(MachineView m) {
            snapshot.machine(m);
            return this;
        }

        Case nodeLease(long renewedAgo) {
            snapshot.nodeLease("n1", ago(renewedAgo));
            return this;
        }

        Case with(Verdict... vs) {
            verdicts.addAll(List.of(vs));
            return this;
        }

        Case expect(FailureClass fc) {
            expected = fc;
            return this;
        }

        Case expect(FailureClass fc, Component c) {
            expected = fc;
            component = c;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case given(String name) {
        return new Case(name);
    }

    static Stream<Case> rules() {
        return Stream.of(
                given("nothing unhealthy, suspects only").working().with(suspect(Symptom.NODE_HEARTBEAT_LOST, 25),
                        suspect(Symptom.AGENT_SILENT, 12)),
                given("machine off and node not ready").with(bad(Symptom.MACHINE_OFF, 5), bad(Symptom.NODE_NOT_READY, 60))
                        .expect(FailureClass.MACHINE_DOWN),
                given("machine gone alone").with(bad(Symptom.MACHINE_GONE, 5)).expect(FailureClass.MACHINE_DOWN),
                given("machine off before the heartbeat is lost").working().nodeLease(10)
                        .with(bad(Symptom.MACHINE_OFF, 5)).expect(FailureClass.MACHINE_DOWN),
                given("machine off but the node heartbeated since: stale answer").working()
                        .with(bad(Symptom.MACHINE_OFF, 5)),
                given("machine off beats impaired and agent reports").agentFresh()
                        .with(bad(Symptom.COMPONENT_DOWN, 10, "component", "kubelet"), bad(Symptom.MACHINE_IMPAIRED, 5),
                                bad(Symptom.MACHINE_OFF, 5), bad(Symptom.NODE_NOT_READY, 60))
                        .expect(FailureClass.MACHINE_DOWN),
                given("not ready and impaired").with(bad(Symptom.NODE_NOT_READY, 60), bad(Symptom.MACHINE_IMPAIRED, 5))
                        .expect(FailureClass.MACHINE_IMPAIRED),
                given("heartbeat lost, impaired, agent reports kubelet: lowest layer wins").agentFresh()
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.MACHINE_IMPAIRED, 5),
                                bad(Symptom.COMPONENT_DOWN, 40, "component", "kubelet"))
                        .expect(FailureClass.MACHINE_IMPAIRED),
                given("not ready, agent alive, kubelet down").agentFresh()
                        .with(bad(Symptom.NODE_NOT_READY, 60), bad(Symptom.COMPONENT_DOWN, 50, "component", "kubelet"))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.KUBELET),
                given("heartbeat lost, agent alive, escalation of the runtime").agentFresh()
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45),
                                bad(Symptom.AGENT_ESCALATION, 5, "component", "container-runtime"))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.CONTAINER_RUNTIME),
                given("several components down: lowest in the stack").agentFresh()
                        .with(bad(Symptom.NODE_NOT_READY, 60), bad(Symptom.COMPONENT_DOWN, 50, "component", "kube-proxy"),
                                bad(Symptom.COMPONENT_DOWN, 50, "component", "container-runtime"))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.CONTAINER_RUNTIME),
                given("not ready, agent alive, reports nothing: the kubelet").agentFresh()
                        .with(bad(Symptom.NODE_NOT_READY, 60))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.KUBELET),
                given("not ready, agent alive, OS condition: lowest layer").agentFresh()
                        .with(bad(Symptom.NODE_NOT_READY, 60), bad(Symptom.OS_CONDITION, 90, "condition", "KernelDeadlock"),
                                bad(Symptom.COMPONENT_DOWN, 50, "component", "kubelet"))
                        .expect(FailureClass.OS_FAILURE),
                given("heartbeat lost and agent silent").agentStale()
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.AGENT_SILENT, 25))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("heartbeat lost and no agent").with(bad(Symptom.NODE_HEARTBEAT_LOST, 45))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("heartbeat lost, agent lease past its duration without verdict").agentStale()
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45)).expect(FailureClass.NODE_UNREACHABLE),
                given("heartbeat lost, machine on and healthy, no agent")
                        .machine(machine("n1", PowerState.ON, false, ago(3)))
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45)).expect(FailureClass.NODE_UNREACHABLE),
                given("heartbeat lost, provider does not answer, agent silent").agentStale()
                        .machine(MachineView.unanswered("n1", "timeout", ago(70)))
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.MACHINE_UNANSWERED, 70),
                                bad(Symptom.AGENT_SILENT, 25))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("stale component report of a silent agent does not count").agentStale()
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.AGENT_SILENT, 25),
                                bad(Symptom.COMPONENT_DOWN, 50, "component", "kubelet"))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("stale OS condition of an unreachable node does not count")
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.OS_CONDITION, 900, "condition", "DiskPressure"))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("ready node with an OS condition").working()
                        .with(bad(Symptom.OS_CONDITION, 90, "condition", "ReadonlyFilesystem"))
                        .expect(FailureClass.OS_FAILURE),
                given("ready node, agent reports kube-proxy down").working().agentFresh()
                        .with(bad(Symptom.COMPONENT_DOWN, 5, "component", "kube-proxy"))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.KUBE_PROXY),
                given("ready node, agent escalates etcd").working().agentFresh()
                        .with(bad(Symptom.AGENT_ESCALATION, 5, "component", "etcd"))
                        .expect(FailureClass.COMPONENT_FAILURE, Component.ETCD),
                given("ready node, OS condition and component down: OS").working().agentFresh()
                        .with(bad(Symptom.COMPONENT_DOWN, 5, "component", "kubelet"),
                                bad(Symptom.OS_CONDITION, 90, "condition", "KernelDeadlock"))
                        .expect(FailureClass.OS_FAILURE),
                given("startup timeout").with(bad(Symptom.NODE_STARTUP_TIMEOUT, 700))
                        .expect(FailureClass.NODE_STARTUP_FAILURE),
                given("startup timeout and heartbeat lost").agentStale()
                        .with(bad(Symptom.NODE_STARTUP_TIMEOUT, 700), bad(Symptom.NODE_HEARTBEAT_LOST, 45),
                                bad(Symptom.AGENT_SILENT, 25))
                        .expect(FailureClass.NODE_STARTUP_FAILURE),
                given("startup timeout on an impaired machine").with(bad(Symptom.NODE_STARTUP_TIMEOUT, 700),
                        bad(Symptom.MACHINE_IMPAIRED, 5)).expect(FailureClass.MACHINE_IMPAIRED),
                given("crash loop on a working node").working().with(bad(Symptom.POD_CRASH_LOOP, 0, "pod", "ns/a"))
                        .expect(FailureClass.POD_FAILURE),
                given("held pods while the node is only suspect").with(suspect(Symptom.NODE_NOT_READY, 30),
                        bad(Symptom.STATEFUL_PODS_HELD, 70)).expect(FailureClass.POD_FAILURE),
                given("pod symptoms of an unreachable node belong to the node")
                        .with(bad(Symptom.NODE_HEARTBEAT_LOST, 45), bad(Symptom.PODS_STUCK_TERMINATING, 70),
                                bad(Symptom.STATEFUL_PODS_HELD, 70), bad(Symptom.VOLUME_ATTACHMENT_HELD, 70))
                        .expect(FailureClass.NODE_UNREACHABLE),
                given("silent agent on a working node is no node failure").working().agentStale()
                        .with(bad(Symptom.AGENT_SILENT, 25)),
                given("impaired machine under a working node is left alone").working()
                        .with(bad(Symptom.MACHINE_IMPAIRED, 5)),
                given("unanswered provider under a working node is left alone").working()
                        .with(bad(Symptom.MACHINE_UNANSWERED, 70)),
                given("verdicts about another node are ignored").with(Verdict.unhealthy("x", "n2",
                        Symptom.NODE_HEARTBEAT_LOST, "", ago(45))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void diagnoses(Case c) {
        ClusterSnapshot s = c.snapshot.nodes(c.node).build();
        Optional<Diagnosis> d = diagnoser.diagnose(c.node, c.verdicts, s, NOW);
        if (c.expected == null) {
            assertThat(d).as(c.name).isEmpty();
            return;
        }
        assertThat(d).as(c.name).isPresent();
        assertThat(d.get().failureClass()).as(c.name).isEqualTo(c.expected);
        assertThat(d.get().component()).as(c.name).isEqualTo(c.component);
        assertThat(d.get().node()).isEqualTo("n1");
        assertThat(d.get().rootLayer()).isEqualTo(c.expected.layer());
        assertThat(d.get().evidence()).as(c.name).isNotEmpty().allMatch(Verdict::isUnhealthy);
        assertThat(d.get().since()).isEqualTo(d.get().evidence().stream().map(Verdict::since).min(Instant::compareTo).get());
        assertThat(d.get().summary()).as(c.name).isNotBlank();
    }

    @Test
    void unreachableNodeTakesItsPodSymptomsAsEvidenceRootCauseFirst() {
        Verdict silent = bad(Symptom.AGENT_SILENT, 25);
        Verdict lost = bad(Symptom.NODE_HEARTBEAT_LOST, 45);
        Verdict held = bad(Symptom.STATEFUL_PODS_HELD, 45);
        NodeView n = notReady("n1", "Unknown", ago(5));
        ClusterSnapshot s = snapshot().nodes(n).agentLease("n1", ago(25)).build();
        Diagnosis d = diagnoser.diagnose(n, List.of(held, lost, silent), s, NOW).orElseThrow();
        assertThat(d.evidence()).containsExactly(silent, lost, held);
        assertThat(d.since()).isEqualTo(ago(45));
        assertThat(d.summary()).isEqualTo("the node has had no heartbeat for 45 s and its agent is silent");
        assertThat(d.rootLayer()).isEqualTo(Layer.INFRASTRUCTURE);
    }

    @Test
    void summariesSayWhatWasSeen() {
        NodeView n = notReady("n1", "Unknown", ago(60));
        ClusterSnapshot noAgent = snapshot().nodes(n).machine(machine("n1", PowerState.ON, false, ago(3))).build();
        assertThat(diagnoser.diagnose(n, List.of(bad(Symptom.NODE_NOT_READY, 60)), noAgent, NOW).orElseThrow().summary())
                .isEqualTo("the node has not been Ready for 60 s and no agent is deployed;"
                        + " the provider reports the machine ON");
        ClusterSnapshot agent = snapshot().nodes(n).agentLease("n1", ago(1)).build();
        assertThat(diagnoser.diagnose(n, List.of(bad(Symptom.NODE_NOT_READY, 60),
                bad(Symptom.COMPONENT_DOWN, 50, "component", "kubelet")), agent, NOW).orElseThrow().summary())
                .isEqualTo("kubelet reported down by the agent while the node has not been Ready for 60 s"
                        + " and its agent heartbeats");
        assertThat(diagnoser.diagnose(n, List.of(bad(Symptom.MACHINE_OFF, 5), bad(Symptom.NODE_NOT_READY, 60)), agent,
                NOW).orElseThrow().summary())
                .isEqualTo("the provider reports the machine powered off, and the node has not been Ready for 60 s");
        assertThat(diagnoser.diagnose(n, List.of(bad(Symptom.NODE_STARTUP_TIMEOUT, 720)), agent, NOW)
                .orElseThrow().summary()).isEqualTo("the node never became Ready in the 12 min since it registered");
    }

    @Test
    void podFailureEvidenceIsThePodVerdictsOnly() {
        NodeView n = ready("n1");
        ClusterSnapshot s = snapshot().nodes(n).nodeLease("n1", ago(2)).build();
        Verdict loop = bad(Symptom.POD_CRASH_LOOP, 0, "pod", "ns/a");
        Diagnosis d = diagnoser.diagnose(n, List.of(loop, suspect(Symptom.OS_CONDITION, 5)), s, NOW).orElseThrow();
        assertThat(d.failureClass()).isEqualTo(FailureClass.POD_FAILURE);
        assertThat(d.evidence()).containsExactly(loop);
        assertThat(d.summary()).startsWith("pods fail on a working node: ");
    }
}
