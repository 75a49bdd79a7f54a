package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 002, item 8, in the engine: what a provider records about a healthy node's machine is kept on the Node once,
 * and a machine the provider reports gone is fenced without a power-off, released, not powered on, re-created once and
 * its Node replaced.
 */
class RemovedMachineEngineTest {

    @Test
    void aHealthyNodesProvenanceIsKeptOnItsNodeOnceAndNotInADryRun() {
        try (EngineFixture f = new EngineFixture()) {
            f.source.healthyNode("n1", "test://m1", EngineFixture.T0.minus(Duration.ofHours(1)));
            f.source.healthyNode("n2", null, EngineFixture.T0.minus(Duration.ofHours(1)));
            f.start();
            await("the provenance is on the node", () -> "test://m1".equals(
                    f.source.node("n1").annotations().get(ProvenanceRecorder.MARK)));
            assertThat(f.source.node("n1").annotations()).containsEntry("test.selfheal.dev/provenance", "recipe-of-m1");
            for (int i = 0; i < 3; i++) {
                f.clock.advance(Duration.ofSeconds(10));
                f.engine().evaluateNow();
            }
            assertThat(f.provider.count("m1", "provenance")).isEqualTo(1);
            assertThat(f.cluster.calls).filteredOn(c -> c.startsWith("annotate")).containsExactly(
                    "annotate n1 [selfheal.dev/provenance-of, test.selfheal.dev/provenance]");
        }
        try (EngineFixture dry = new EngineFixture(b -> b.dryRun(true))) {
            dry.source.healthyNode("n1", "test://m1", EngineFixture.T0.minus(Duration.ofHours(1)));
            dry.start();
            dry.engine().evaluateNow();
            dry.engine().evaluateNow();
            assertThat(dry.cluster.calls).noneMatch(c -> c.startsWith("annotate"));
        }
    }

    @Test
    void aGoneMachineIsFencedWithoutPowerOffReleasedNotPoweredOnAndReplacedOnce() {
        RecoverySettings d = RecoverySettings.defaults();
        RecoverySettings ladders = new RecoverySettings(Map.of("replace", Duration.ofMinutes(5),
                "remove-node", Duration.ofMinutes(5)), Duration.ofMinutes(2),
                Map.of("MACHINE_DOWN", List.of("fence", "release", "power-on", "replace", "remove-node")),
                ReleaseMode.AUTO, d.retention(), false);
        try (EngineFixture f = new EngineFixture(b -> b.recovery(ladders))) {
            f.provider.power.put("m1", PowerState.GONE);
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("the old node is removed", () -> f.cluster.calls.contains("delete-node n1"));
            f.clock.advance(Duration.ofSeconds(5));
            f.source.healthyNode("n1-new", "test://m1-r1", f.clock.instant());
            await("healed", () -> f.record("n1").map(r -> r.state() == RemediationState.SUCCEEDED).orElse(false));

            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.failureClass().name()).isEqualTo("MACHINE_DOWN");
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsSubsequence("fence=done", "release=done", "replace=done", "remove-node=healed")
                    .doesNotContain("power-on=done");
            assertThat(f.provider.count("m1", "power-on")).isZero();
            assertThat(f.provider.count("m1", "replace")).isEqualTo(1);
            assertThat(f.provider.power.get("m1")).isEqualTo(PowerState.GONE);
            assertThat(f.cluster.calls).containsSubsequence("taint selfheal.dev/fenced n1", "force-delete-pods n1",
                    "taint node.kubernetes.io/out-of-service n1", "delete-node n1");
        }
    }
}
