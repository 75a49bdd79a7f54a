package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.T0;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine on a test clock: a node is healed only on evidence after the action and a burn-in; flaps escalate. */
class HealingPolicyEngineTest {

    private static final Duration BURN_IN = Duration.ofSeconds(10);

    @Test
    void aMachinePoweredOnThatNeverHeartbeatsAgainIsNotHealedAndTheLadderGoesOnToReplace() {
        try (EngineFixture f = fixture()) {
            f.source.healthyNode("n1", "test://m1", T0.minusSeconds(3600));
            f.provider.power.put("m1", PowerState.OFF); // the plug was pulled; Ready still True, the Lease not yet lost
            timePasses(f, Duration.ofSeconds(25));
            f.start();
            await("powered on", () -> f.provider.count("m1", "power-on") == 1);
            await("verifying the power-on", () -> f.record("n1").map(r -> r.phase() == StepPhase.VERIFYING).orElse(false));
            f.engine().evaluateNow();
            assertThat(f.record("n1").orElseThrow().state()).as("Ready and 'on' are no evidence")
                    .isEqualTo(RemediationState.REMEDIATING);
            timePasses(f, Duration.ofMinutes(2).plusSeconds(1)); // the OS never comes up: no heartbeat, ever
            await("the old node removed", () -> f.cluster.calls.contains("delete-node n1"));
            f.source.healthyNode("n1-new", "test://m1-r1", f.clock.instant());
            await("healed by the replacement", () -> f.record("n1").map(r -> r.state().isFinal()).orElse(false));
            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("fence=done", "release=done", "power-on=timed-out", "replace=done", "remove-node=healed");
            assertThat(r.state()).isEqualTo(RemediationState.SUCCEEDED);
            assertThat(f.store.history).as("never recorded healed by the power-on")
                    .noneMatch(x -> x.history().stream().anyMatch(h -> h.outcome().equals("healed") && h.step().equals("power-on")));
            assertThat(f.cluster.calls).doesNotContain("untaint n1");
        }
    }

    @Test
    void aNodeBackAfterARebootIsBurnedInBeforeItsRemediationSucceedsAndItsTaintComesOff() {
        try (EngineFixture f = rebootFirst()) {
            rebooted(f);
            f.engine().evaluateNow();
            assertThat(f.record("n1").orElseThrow().state()).as("burning in").isEqualTo(RemediationState.REMEDIATING);
            assertThat(f.eventsFor("n1", "BurnInStarted")).isEqualTo(1);
            timePasses(f, BURN_IN.plusSeconds(1));
            f.source.healthyNode("n1", "test://m1", T0.minusSeconds(3600));
            await("succeeded after the burn-in", () -> f.record("n1").map(r -> r.state() == RemediationState.SUCCEEDED).orElse(false));
            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly("reboot=healed");
            assertThat(r.history().get(0).actedAt()).isNotNull();
            assertThat(r.history().get(0).detail()).contains("stayed healthy for the burn-in");
        }
    }

    @Test
    void aNodeThatFailsItsBurnInGoesOnUpTheLadder() {
        try (EngineFixture f = rebootFirst()) {
            rebooted(f);
            timePasses(f, Duration.ofSeconds(3));
            f.source.deadNode("n1", "test://m1", Duration.ofSeconds(1));
            await("fenced", () -> f.provider.count("m1", "power-off") == 1);
            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome()).startsWith("reboot=failed");
            assertThat(r.history().get(0).detail()).contains("did not stay healthy for the burn-in");
            assertThat(f.store.history).noneMatch(x -> x.state() == RemediationState.SUCCEEDED);
            assertThat(f.provider.count("m1", "reboot")).isEqualTo(1);
        }
    }

    @Test
    void aNodeThatFailsAgainSoonAfterARebootHealedItIsReplacedByTheNextLeaderNotRebootedAgain() {
        Remediation first;
        long reboots;
        try (EngineFixture f = rebootFirst()) {
            rebooted(f);
            timePasses(f, BURN_IN.plusSeconds(1));
            f.source.healthyNode("n1", "test://m1", T0.minusSeconds(3600));
            await("healed", () -> f.record("n1").map(r -> r.state() == RemediationState.SUCCEEDED).orElse(false));
            first = f.record("n1").orElseThrow();
            reboots = f.provider.count("m1", "reboot");
        }
        try (EngineFixture next = fixture()) { // a new leader, reading the records from the cluster
            next.store.putAsOther(first);
            next.clock.advance(Duration.between(T0, first.updatedAt()).plus(Duration.ofMinutes(3)));
            healthyOthers(next);
            next.source.deadNode("n1", "test://m1", DOWN); // healthy for 90 s only
            next.start();
            await("replaced", () -> next.record("n1").map(r -> r.hasRun("replace")).orElse(false));
            Remediation second = next.record("n1").orElseThrow();
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
            assertThat(second.unhealthySince()).as("the failure's first onset").isEqualTo(first.unhealthySince());
            assertThat(second.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("reboot=skipped", "fence=done", "release=done", "replace=done");
            assertThat(reboots + next.provider.count("m1", "reboot")).as("rebooted once in all").isEqualTo(1);
            assertThat(next.events).anyMatch(e -> e.startsWith("n1 RemediationStarted") && e.contains("failed again")
                    && e.contains("passing by [reboot]"));
        }
    }

    /** A fixture whose ladders have a reboot or a power-on below the fence, with a short burn-in. */
    private static EngineFixture fixture() {
        RecoverySettings recovery = new RecoverySettings(Map.of("reboot", Duration.ofMinutes(2)), Duration.ofMinutes(2),
                Map.of("NODE_UNREACHABLE", List.of("reboot", "fence", "release", "replace", "remove-node"),
                        "MACHINE_DOWN", List.of("fence", "release", "power-on", "replace", "remove-node")),
                ReleaseMode.AUTO, Duration.ofHours(1), false, BURN_IN);
        return new EngineFixture(b -> b.recovery(recovery));
    }

    /** The fixture started on a dead node n1, waiting for the reboot's effect. */
    private static EngineFixture rebootFirst() {
        EngineFixture f = fixture();
        healthyOthers(f);
        f.source.deadNode("n1", "test://m1", DOWN);
        f.start();
        await("rebooted", () -> f.provider.count("m1", "reboot") == 1);
        await("verifying the reboot", () -> f.record("n1").map(r -> r.phase() == StepPhase.VERIFYING).orElse(false));
        return f;
    }

    /** The rebooted node comes back: Ready, its Lease renewed after the reboot; its burn-in starts. */
    private static void rebooted(EngineFixture f) {
        timePasses(f, Duration.ofSeconds(5));
        f.source.healthyNode("n1", "test://m1", T0.minusSeconds(3600));
        await("burn-in started", () -> f.record("n1").map(r -> r.evidence() != null && r.evidence().burningIn()).orElse(false));
    }

    private static void healthyOthers(EngineFixture f) {
        for (int i = 2; i <= 4; i++) {
            f.source.healthyNode("n" + i, "test://m" + i, T0.minusSeconds(3600));
        }
    }

    /** Moves the test clock on and renews the other nodes' Leases. */
    private static void timePasses(EngineFixture f, Duration d) {
        f.clock.advance(d);
        healthyOthers(f);
    }
}
