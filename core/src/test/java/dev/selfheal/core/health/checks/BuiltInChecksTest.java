package dev.selfheal.core.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltInChecksTest {

    @Test
    void defaultsBuildTenChecksLowestLayerFirstWithUniqueNames() {
        List<HealthCheck> checks = BuiltInChecks.defaults();
        assertThat(checks).hasSize(10);
        assertThat(checks).extracting(HealthCheck::name).doesNotHaveDuplicates().contains("node-ready", "node-lease",
                "node-conditions", "node-startup", "machine-status", "agent-report", "pods-stuck-terminating",
                "statefulset-pods-held", "pods-crash-loop", "volume-attachments-held");
        List<Layer> layers = checks.stream().map(HealthCheck::layer).toList();
        assertThat(layers).isSorted();
        assertThat(checks).contains(new NodeReadyCheck(Duration.ofSeconds(40)), new NodeLeaseCheck(Duration.ofSeconds(40)),
                new NodeStartupCheck(Duration.ofMinutes(10)), new NodeConditionCheck(Duration.ofSeconds(60)),
                new AgentReportCheck(Duration.ofSeconds(20)), new CrashLoopCheck(5, 20),
                new StuckTerminatingPodsCheck(Duration.ofSeconds(60), 20), new MachineStatusCheck(Duration.ofSeconds(60)));
    }

    @Test
    void parametersReachTheirChecks() {
        BuiltInCheckParams p = BuiltInCheckParams.builder().notReadyAfter(Duration.ofSeconds(10))
                .heartbeatLostAfter(Duration.ofSeconds(11)).startupTimeout(Duration.ofMinutes(3))
                .conditionAfter(Duration.ofSeconds(12)).problemConditions(Set.of("ClockSkew"))
                .machineUnansweredAfter(Duration.ofSeconds(13)).agentSilentAfter(Duration.ofSeconds(14))
                .stuckTerminatingAfter(Duration.ofSeconds(15)).statefulPodsHeldAfter(Duration.ofSeconds(16))
                .volumeAttachmentHeldAfter(Duration.ofSeconds(17)).crashLoopRestarts(3).maxListed(7).build();
        assertThat(BuiltInChecks.of(p)).containsExactly(new MachineStatusCheck(Duration.ofSeconds(13)),
                new NodeConditionCheck(Set.of("ClockSkew"), Duration.ofSeconds(12)),
                new NodeReadyCheck(Duration.ofSeconds(10)), new NodeLeaseCheck(Duration.ofSeconds(11)),
                new NodeStartupCheck(Duration.ofMinutes(3)), new AgentReportCheck(Duration.ofSeconds(14)),
                new StuckTerminatingPodsCheck(Duration.ofSeconds(15), 7),
                new StatefulSetPodsHeldCheck(Duration.ofSeconds(16), 7), new CrashLoopCheck(3, 7),
                new VolumeAttachmentHeldCheck(Duration.ofSeconds(17), 7));
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        assertThatThrownBy(() -> BuiltInCheckParams.builder().notReadyAfter(Duration.ZERO).agentSilentAfter(null)
                .problemConditions(Set.of("Ready")).crashLoopRestarts(0).maxListed(5000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notReadyAfter must be between 1 s and 24 h, was 0 s")
                .hasMessageContaining("agentSilentAfter must be set, between 4 s and 24 h")
                .hasMessageContaining("problemConditions must not hold Ready")
                .hasMessageContaining("crashLoopRestarts must be between 1 and 10000, was 0")
                .hasMessageContaining("maxListed must be between 1 and 1000, was 5000");
    }

    @Test
    void defaultsAreDocumentedValuesAndImmutable() {
        BuiltInCheckParams d = BuiltInCheckParams.defaults();
        assertThat(d.notReadyAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.heartbeatLostAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(d.startupTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.conditionAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.agentSilentAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.crashLoopRestarts()).isEqualTo(5);
        Set<String> types = new HashSet<>(Set.of("KernelDeadlock"));
        BuiltInCheckParams p = d.toBuilder().problemConditions(types).build();
        types.add("ClockSkew");
        assertThat(p.problemConditions()).containsExactly("KernelDeadlock");
        assertThatThrownBy(() -> p.problemConditions().add("X")).isInstanceOf(UnsupportedOperationException.class);
    }
}
