package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.crashLooping;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.pod;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import org.junit.jupiter.api.Test;

class CrashLoopCheckTest {

    private final CrashLoopCheck check = new CrashLoopCheck(5);

    private Verdict judge(NodeView n, PodView... pods) {
        return check.judge(n, snapshot().nodes(n).pods(pods).build(), NOW);
    }

    @Test
    void healthyContainersAndOtherWaitingReasonsAreHealthy() {
        assertThat(judge(ready("n1"), pod("ns/a", "n1", "ReplicaSet", new ContainerView("app", 9, null, true)),
                pod("ns/b", "n1", "ReplicaSet", new ContainerView("app", 9, "ImagePullBackOff", false))).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void crashLoopBelowTheThresholdIsSuspectWithoutRecheck() {
        Verdict v = judge(ready("n1"), pod("ns/a", "n1", "ReplicaSet", crashLooping("app", 3)));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.POD_CRASH_LOOP);
        assertThat(v.recheckAt()).isNull();
        assertThat(v.since()).isEqualTo(NOW);
        assertThat(v.attribute("pod")).contains("ns/a");
    }

    @Test
    void crashLoopAtTheThresholdIsUnhealthy() {
        Verdict v = judge(ready("n1"), pod("ns/a", "n1", "ReplicaSet", new ContainerView("side", 1, null, true),
                crashLooping("app", 5)));
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(NOW);
        assertThat(v.attribute("pod")).contains("ns/a");
        assertThat(v.attribute("container")).contains("app");
        assertThat(v.attribute("restarts")).contains("5");
        assertThat(v.evidence()).contains("app", "ns/a", "CrashLoopBackOff", "5 restarts", "threshold 5");
    }

    @Test
    void namesTheWorstPodAndListsThosePastTheThreshold() {
        Verdict v = judge(ready("n1"), pod("ns/a", "n1", "ReplicaSet", crashLooping("app", 7)),
                pod("ns/b", "n1", "ReplicaSet", crashLooping("app", 9)),
                pod("ns/c", "n1", "ReplicaSet", crashLooping("app", 2)));
        assertThat(v.attribute("pod")).contains("ns/b");
        assertThat(v.attribute("pods")).contains("ns/a,ns/b");
        assertThat(v.attribute("podCount")).contains("2");
    }

    @Test
    void tiesGoToTheFirstPodByName() {
        Verdict v = judge(ready("n1"), pod("ns/z", "n1", "ReplicaSet", crashLooping("app", 7)),
                pod("ns/m", "n1", "ReplicaSet", crashLooping("app", 7)));
        assertThat(v.attribute("pod")).contains("ns/m");
    }

    @Test
    void skipsTerminatingAndFinishedPodsAndNodesThatAreNotReady() {
        assertThat(judge(ready("n1"), pod("ns/a", "n1", "ReplicaSet", "Running", ago(5), crashLooping("app", 9)),
                pod("ns/b", "n1", null, "Failed", null, crashLooping("app", 9))).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(notReady("n1", "Unknown", ago(100)), pod("ns/a", "n1", "ReplicaSet", crashLooping("app", 9)))
                .status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> new CrashLoopCheck(0))
                .hasMessage("CrashLoopCheck.restartThreshold must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> new CrashLoopCheck(5, -1))
                .hasMessage("CrashLoopCheck.maxListed must be between 1 and 1000, was -1");
    }
}
