package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.pod;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatefulSetPodsHeldCheckTest {

    private final StatefulSetPodsHeldCheck check = new StatefulSetPodsHeldCheck(Duration.ofSeconds(60));

    private Verdict judge(NodeView n, PodView... pods) {
        return check.judge(n, snapshot().nodes(n).pods(pods).build(), NOW);
    }

    @Test
    void statefulPodsOnAWorkingNodeAreHealthy() {
        assertThat(judge(ready("n1"), pod("db/db-0", "n1", "StatefulSet")).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void downNodeWithoutStatefulPodsIsHealthy() {
        assertThat(judge(notReady("n1", "Unknown", ago(600)), pod("ns/web", "n1", "ReplicaSet")).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void statefulPodsOnARecentlyDownNodeAreSuspect() {
        Verdict v = judge(notReady("n1", "Unknown", ago(30)), pod("db/db-0", "n1", "StatefulSet"));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.STATEFUL_PODS_HELD);
        assertThat(v.since()).isEqualTo(ago(30));
        assertThat(v.recheckAt()).isEqualTo(ago(30).plusSeconds(60));
    }

    @Test
    void heldPastTheThresholdListsOnlyLiveStatefulPods() {
        Verdict v = judge(notReady("n1", "Unknown", ago(90)), pod("db/db-1", "n1", "StatefulSet"),
                pod("db/db-0", "n1", "StatefulSet", "Running", ago(80)), pod("ns/web", "n1", "ReplicaSet"),
                pod("db/job-0", "n1", "StatefulSet", "Succeeded", null));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(90));
        assertThat(v.attribute("pods")).contains("db/db-0,db/db-1");
        assertThat(v.attribute("podCount")).contains("2");
        assertThat(v.evidence()).contains("2 StatefulSet pod(s)", "Ready=Unknown");
    }

    @Test
    void readyNodeWithExpiredLeaseHoldsItsPods() {
        NodeView n = ready("n1");
        Verdict v = check.judge(n, snapshot().nodes(n).nodeLease("n1", ago(70)).pods(pod("db/db-0", "n1", "StatefulSet"))
                .build(), NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(70));
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> new StatefulSetPodsHeldCheck(Duration.ofSeconds(60), 1001))
                .hasMessage("StatefulSetPodsHeldCheck.maxListed must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> new StatefulSetPodsHeldCheck(null))
                .hasMessageContaining("StatefulSetPodsHeldCheck.heldAfter must be set");
    }
}
