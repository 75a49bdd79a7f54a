package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.CREATED;
import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.cond;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeConditionCheckTest {

    private final NodeConditionCheck check = new NodeConditionCheck(Duration.ofSeconds(60));
    private final ClusterSnapshot empty = ClusterSnapshot.empty(NOW);

    private Verdict judge(NodeView n) {
        return check.judge(n, empty, NOW);
    }

    @Test
    void falseOrUnlistedConditionsAreHealthy() {
        assertThat(judge(ready("n1")).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(ready("n1", cond("KernelDeadlock", "False", ago(900)))).status()).isEqualTo(Status.HEALTHY);
        assertThat(judge(ready("n1", cond("MemoryPressure", "True", ago(900)))).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void trueConditionBelowThresholdIsSuspect() {
        Verdict v = judge(ready("n1", cond("DiskPressure", "True", ago(30))));
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.OS_CONDITION);
        assertThat(v.since()).isEqualTo(ago(30));
        assertThat(v.recheckAt()).isEqualTo(ago(30).plusSeconds(60));
        assertThat(v.attribute("condition")).contains("DiskPressure");
    }

    @Test
    void longestLastingTrueConditionIsNamedAndAllAreListed() {
        NodeView n = ready("n1", cond("NetworkUnavailable", "True", ago(10)),
                cond("ReadonlyFilesystem", "True", "FilesystemIsReadOnly", "Remounting filesystem read-only", ago(90)));
        Verdict v = judge(n);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(90));
        assertThat(v.attribute("condition")).contains("ReadonlyFilesystem");
        assertThat(v.attribute("conditions")).contains("NetworkUnavailable,ReadonlyFilesystem");
        assertThat(v.evidence()).contains("ReadonlyFilesystem=True", "FilesystemIsReadOnly", "Remounting", "90 s");
    }

    @Test
    void exactlyTheThresholdIsUnhealthy() {
        assertThat(judge(ready("n1", cond("KernelDeadlock", "True", ago(60)))).isUnhealthy()).isTrue();
        assertThat(judge(ready("n1", cond("KernelDeadlock", "True", ago(59)))).status()).isEqualTo(Status.SUSPECT);
    }

    @Test
    void missingTransitionFallsBackToHeartbeatThenCreation() {
        NodeView hb = ready("n1", new ConditionView("KernelDeadlock", "True", "", "", null, ago(70)));
        NodeView none = ready("n2", new ConditionView("KernelDeadlock", "True", "", "", null, null));
        assertThat(judge(hb).since()).isEqualTo(ago(70));
        assertThat(judge(none).since()).isEqualTo(CREATED);
    }

    @Test
    void customTypesReplaceTheDefaults() {
        NodeConditionCheck custom = new NodeConditionCheck(Set.of("ClockSkew"), Duration.ZERO);
        assertThat(custom.judge(ready("n1", cond("DiskPressure", "True", ago(900))), empty, NOW).status())
                .isEqualTo(Status.HEALTHY);
        Verdict v = custom.judge(ready("n1", cond("ClockSkew", "True", NOW)), empty, NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.attribute("condition")).contains("ClockSkew");
    }

    @Test
    void noTypesTurnTheCheckOff() {
        NodeConditionCheck off = new NodeConditionCheck(Set.of(), Duration.ofSeconds(60));
        assertThat(off.judge(ready("n1", cond("KernelDeadlock", "True", ago(900))), empty, NOW).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void defaultsAreTheNodeProblemDetectorSet() {
        assertThat(check.conditionTypes()).containsExactlyInAnyOrder("KernelDeadlock", "ReadonlyFilesystem",
                "DiskPressure", "NetworkUnavailable", "FrequentKubeletRestart", "FrequentContainerdRestart");
        assertThat(check.layer()).isEqualTo(Layer.OS);
        assertThat(check.name()).isEqualTo("node-conditions");
    }

    @Test
    void copiesTheTypes() {
        Set<String> types = new HashSet<>(Set.of("KernelDeadlock"));
        NodeConditionCheck c = new NodeConditionCheck(types, Duration.ofSeconds(1));
        types.add("DiskPressure");
        assertThat(c.conditionTypes()).containsExactly("KernelDeadlock");
    }

    @Test
    void rejectsBadTypes() {
        assertThatThrownBy(() -> new NodeConditionCheck(Set.of("Ready"), Duration.ofSeconds(1)))
                .hasMessageContaining("NodeConditionCheck.conditionTypes must not hold Ready");
        assertThatThrownBy(() -> new NodeConditionCheck(Set.of("KubeletUnhealthy"), Duration.ofSeconds(1)))
                .hasMessageContaining("must not hold KubeletUnhealthy");
        assertThatThrownBy(() -> new NodeConditionCheck(Set.of("SelfhealAgentEscalation"), Duration.ofSeconds(1)))
                .hasMessageContaining("must not hold SelfhealAgentEscalation");
        assertThatThrownBy(() -> new NodeConditionCheck(Set.of(" "), Duration.ofSeconds(1)))
                .hasMessageContaining("must not hold a blank condition type");
        assertThatThrownBy(() -> new NodeConditionCheck(null, Duration.ofSeconds(1)))
                .hasMessageContaining("must hold between 0 and 64 condition types, was null");
        Set<String> many = IntStream.range(0, 65).mapToObj(i -> "C" + i).collect(Collectors.toSet());
        assertThatThrownBy(() -> new NodeConditionCheck(many, Duration.ofSeconds(1)))
                .hasMessageContaining("must hold between 0 and 64 condition types, was 65");
    }

    @Test
    void rejectsBadThreshold() {
        assertThatThrownBy(() -> new NodeConditionCheck(Duration.ofSeconds(-1)))
                .hasMessage("NodeConditionCheck.unhealthyAfter must be between 0 s and 24 h, was -1 s");
    }
}
