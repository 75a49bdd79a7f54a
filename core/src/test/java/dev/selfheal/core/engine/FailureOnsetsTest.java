package dev.selfheal.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.checks.NodeLeaseCheck;
import dev.selfheal.core.health.checks.NodeReadyCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failure keeps the time the node first became unhealthy while its reason or condition changes. */
class FailureOnsetsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration THRESHOLD = Duration.ofSeconds(40);
    private final Judge judge = new Judge(List.of(new NodeReadyCheck(THRESHOLD), new NodeLeaseCheck(THRESHOLD)),
            new Diagnoser()::diagnose);
    private final FailureOnsets onsets = new FailureOnsets();

    @Test
    void aFailureWhoseConditionChangesIsCountedFromItsFirstOnsetNotFromTheLastChange() {
        evaluate(notReady("Unknown", T0.minusSeconds(30)), T0);
        NodeView changed = notReady("False", T0.plusSeconds(5)); // Unknown -> False: a new lastTransitionTime
        Instant now = T0.plusSeconds(15);
        assertThat(judge.judge(snapshot(changed, now), now).byNode().get("n1").diagnosis())
                .as("each check alone restarts its threshold at the change").isEmpty();
        Judgement j = evaluate(changed, now);
        Diagnosis d = j.diagnosis().orElseThrow();
        assertThat(d.since()).isEqualTo(T0.minusSeconds(30));
        assertThat(j.verdicts()).filteredOn(v -> v.symptom() == Symptom.NODE_NOT_READY).singleElement()
                .satisfies(v -> assertThat(v.evidence()).contains("failing since " + T0.minusSeconds(30)))
                .extracting(Verdict::status).isEqualTo(Verdict.Status.UNHEALTHY);
    }

    @Test
    void theOnsetIsForgottenOnceTheNodeIsHealthyAndAsksForALookWhenItsThresholdIsDue() {
        evaluate(notReady("Unknown", T0.minusSeconds(30)), T0);
        ClusterSnapshot changed = snapshot(notReady("False", T0.plusSeconds(5)), T0.plusSeconds(6));
        Judge.Result early = onsets.apply(judge, judge.judge(changed, T0.plusSeconds(6)), changed, T0.plusSeconds(6));
        assertThat(early.byNode().get("n1").diagnosis()).isEmpty();
        assertThat(early.nextRecheck()).as("due 40 s after the first onset").isEqualTo(T0.plusSeconds(10));
        evaluate(ready(), T0.plusSeconds(20));
        Judgement again = evaluate(notReady("False", T0.plusSeconds(25)), T0.plusSeconds(30));
        assertThat(again.diagnosis()).as("a new onset after being healthy").isEmpty();
    }

    @Test
    void aNodeWhoseHeartbeatIsMerelyLateIsNotHealthy() {
        ClusterSnapshot late = snapshot(new NodeView("n1", "n1-uid", null, Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", "True", "KubeletReady", "", T0.minusSeconds(3600), T0.minusSeconds(25))),
                T0.minusSeconds(7200), false), T0.minusSeconds(25));
        Judgement j = judge.judge(late, T0).byNode().get("n1");
        assertThat(j.verdicts()).anyMatch(v -> v.status() == Verdict.Status.SUSPECT);
        assertThat(j.healthy()).as("Ready, but its Lease is late").isFalse();
        assertThat(judge.judge(snapshot(ready(), T0), T0).byNode().get("n1").healthy()).isTrue();
    }

    /** Judges the node at {@code now}, its kubelet heartbeating (its Lease renewed) while the node is NotReady. */
    private Judgement evaluate(NodeView n, Instant now) {
        ClusterSnapshot s = snapshot(n, now);
        return onsets.apply(judge, judge.judge(s, now), s, now).byNode().get("n1");
    }

    private static NodeView notReady(String status, Instant since) {
        return new NodeView("n1", "n1-uid", null, Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", status, "KubeletNotReady", "", since, since)), T0.minusSeconds(7200), false);
    }

    private static NodeView ready() {
        return new NodeView("n1", "n1-uid", null, Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", "True", "KubeletReady", "", T0, T0)), T0.minusSeconds(7200), false);
    }

    /** The node with its Lease renewed at {@code renewed}. */
    private static ClusterSnapshot snapshot(NodeView n, Instant renewed) {
        return new ClusterSnapshot(T0, Map.of("n1", n), Map.of("n1", new LeaseView("n1", "n1", renewed, Duration.ofSeconds(40))),
                Map.of(), Map.of(), Map.of(), Map.of());
    }
}
