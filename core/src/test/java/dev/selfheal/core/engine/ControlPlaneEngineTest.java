package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.health.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine with three control-plane nodes (etcd membership inferred from them): two fail; one is remediated while
 * the other waits, and its fence is held while the other member is down, then acts once it is back.
 */
class ControlPlaneEngineTest {

    @Test
    void oneControlPlaneNodeAtATimeAndNoFenceWhileAnotherMemberIsDown() {
        try (EngineFixture f = new EngineFixture(b -> b.gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ofMinutes(5), 5,
                3, Duration.ofHours(1), Duration.ofSeconds(30), "selfheal.dev/exclude")))) {
            master(f, "cp1", DOWN.plusSeconds(10), false);
            master(f, "cp2", DOWN, false);
            master(f, "cp3", Duration.ZERO, true);
            f.start();
            await("cp2 waits for cp1", () -> f.events.stream().anyMatch(e -> e.equals("cp2 RemediationBlocked control-plane: "
                    + "control-plane node cp1 is under remediation (" + f.record("cp1").map(r -> r.id()).orElse("?")
                    + "); one control-plane node at a time (gates.controlPlane.nodeSelector node-role.kubernetes.io/control-plane)")));
            await("cp1's fence held", () -> f.eventsFor("cp1", "StepHeld") == 1);
            assertThat(f.events).contains("cp1 StepHeld etcd-quorum: refusing fence of cp1 (3 etcd members, membership unknown:"
                    + " every control-plane node taken to host one): only 1 of the other 2 members would stay healthy, fewer than"
                    + " the quorum of 2; unhealthy: cp2: the node is not Ready (Ready=Unknown)");
            master(f, "cp3", Duration.ZERO, true); // a change: looked at again, held again, not told again
            f.engine().evaluateNow();
            assertThat(f.eventsFor("cp1", "StepHeld")).isEqualTo(1);
            assertThat(f.provider.count("m-cp1", "power-off")).isZero();
            assertThat(f.record("cp2")).isEmpty();

            master(f, "cp2", Duration.ZERO, true);
            await("cp1 fenced once cp2 is back", () -> f.provider.count("m-cp1", "power-off") == 1);
            assertThat(f.provider.count("m-cp2", "power-off")).isZero();
        }
    }

    private static void master(EngineFixture f, String name, Duration down, boolean healthy) {
        Instant renewed = f.clock.instant().minus(down);
        if (healthy) {
            f.source.healthyNode(name, "test://m-" + name, EngineFixture.T0.minusSeconds(3600));
        } else {
            f.source.deadNode(name, "test://m-" + name, down);
        }
        NodeView n = f.source.node(name);
        f.source.put(new NodeView(n.name(), n.uid(), n.providerId(), Map.of(NodeView.CONTROL_PLANE_LABEL, ""), n.annotations(),
                n.taints(), n.conditions(), n.createdAt(), n.unschedulable()), renewed);
    }
}
