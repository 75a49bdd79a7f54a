package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.node;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.pod;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StuckTerminatingPodsCheckTest {

    private final StuckTerminatingPodsCheck check = new StuckTerminatingPodsCheck(Duration.ofSeconds(60));

    private static PodView deleted(String key, Instant at) {
        return pod(key, "n1", "ReplicaSet", "Running", at);
    }

    private Verdict judge(NodeView n, PodView... pods) {
        return check.judge(n, snapshot().nodes(n).nodeLease("n1", ago(2)).pods(pods).build(), NOW);
    }

    @Test
    void terminatingPodsOnAWorkingNodeAreHealthy() {
        assertThat(judge(ready("n1"), deleted("ns/a", ago(600))).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void downNodeWithoutTerminatingPodsIsHealthy() {
        assertThat(judge(notReady("n1", "Unknown", ago(600)), pod("ns/a", "n1", "ReplicaSet")).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void podDeletedAfterTheNodeWentDownIsStuckFromItsDeletion() {
        Verdict v = judge(notReady("n1", "Unknown", ago(120)), deleted("ns/a", ago(30)));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.PODS_STUCK_TERMINATING);
        assertThat(v.since()).isEqualTo(ago(30));
        assertThat(v.recheckAt()).isEqualTo(ago(30).plusSeconds(60));
        assertThat(v.attribute("pods")).contains("ns/a");
    }

    @Test
    void podDeletedBeforeTheNodeWentDownIsStuckFromTheNodeFailure() {
        Verdict v = judge(notReady("n1", "Unknown", ago(30)), deleted("ns/a", ago(300)));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.since()).isEqualTo(ago(30));
        assertThat(v.recheckAt()).isEqualTo(ago(30).plusSeconds(60));
    }

    @Test
    void listsOnlyThePodsPastTheThreshold() {
        Verdict v = judge(notReady("n1", "Unknown", ago(200)), deleted("ns/b", ago(100)), deleted("ns/a", ago(10)),
                pod("ns/c", "n1", "ReplicaSet"));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(100));
        assertThat(v.attribute("pods")).contains("ns/b");
        assertThat(v.attribute("podCount")).contains("1");
        assertThat(v.evidence()).contains("Terminating", "Ready=Unknown", "100 s");
    }

    @Test
    void capsTheListButCountsAll() {
        StuckTerminatingPodsCheck capped = new StuckTerminatingPodsCheck(Duration.ofSeconds(60), 3);
        NodeView n = notReady("n1", "False", ago(300));
        PodView[] pods = IntStream.range(0, 30).mapToObj(i -> deleted("ns/p" + (100 + i), ago(200))).toArray(PodView[]::new);
        Verdict v = capped.judge(n, snapshot().nodes(n).pods(pods).build(), NOW);
        assertThat(v.attribute("pods")).contains("ns/p100,ns/p101,ns/p102");
        assertThat(v.attribute("podCount")).contains("30");
    }

    @Test
    void readyNodeWithExpiredLeaseCountsAsDownSinceItsLastRenewal() {
        NodeView n = ready("n1");
        Verdict v = check.judge(n, snapshot().nodes(n).nodeLease("n1", ago(100)).pods(deleted("ns/a", ago(200))).build(), NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(100));
        assertThat(v.evidence()).contains("node Lease expired");
        Verdict within = check.judge(n, snapshot().nodes(n).nodeLease("n1", ago(40)).pods(deleted("ns/a", ago(200))).build(), NOW);
        assertThat(within.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void nodeStillStartingIsNotDownUnlessItsLeaseExpired() {
        NodeView booting = node("n1", ago(300), cond("Ready", "False", ago(299)));
        PodView pod = deleted("ns/a", ago(200));
        assertThat(check.judge(booting, snapshot().nodes(booting).nodeLease("n1", ago(3)).pods(pod).build(), NOW)
                .status()).isEqualTo(Status.HEALTHY);
        Verdict dead = check.judge(booting, snapshot().nodes(booting).nodeLease("n1", ago(100)).pods(pod).build(), NOW);
        assertThat(dead.isUnhealthy()).isTrue();
        assertThat(dead.since()).isEqualTo(ago(100));
    }

    @Test
    void validatesParameters() {
        assertThat(check.layer()).isEqualTo(Layer.PODS);
        assertThat(check.maxListed()).isEqualTo(20);
        assertThatThrownBy(() -> new StuckTerminatingPodsCheck(Duration.ofSeconds(60), 0))
                .hasMessage("StuckTerminatingPodsCheck.maxListed must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> new StuckTerminatingPodsCheck(Duration.ZERO))
                .hasMessage("StuckTerminatingPodsCheck.stuckAfter must be between 1 s and 24 h, was 0 s");
    }
}
