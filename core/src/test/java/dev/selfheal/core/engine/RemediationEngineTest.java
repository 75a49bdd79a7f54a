package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on a test clock, with records, cluster and provider in memory: every path of a node's remediation. */
class RemediationEngineTest {

    @Test
    void aDeadNodeIsFencedReleasedReplacedAndHealedOnceItsReplacementJoins() {
        try (EngineFixture f = new EngineFixture()) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("the old node is removed", () -> f.cluster.calls.contains("delete-node n1"));
            assertThat(f.provider.count("m1", "power-off")).isEqualTo(1);
            assertThat(f.provider.count("m1", "replace")).isEqualTo(1);
            assertThat(f.cluster.calls).as("the out-of-service taint only once no StatefulSet pod is left")
                    .containsSubsequence("taint selfheal.dev/fenced n1", "force-delete-pods n1", "delete-attachments n1",
                            "await-statefulset-pods-gone n1", "taint node.kubernetes.io/out-of-service n1", "delete-node n1");
            f.clock.advance(Duration.ofSeconds(5));
            f.source.healthyNode("n1-new", "test://m1-r1", f.clock.instant());
            await("healed", () -> f.record("n1").map(r -> r.state() == RemediationState.SUCCEEDED).orElse(false));
            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("fence=done", "release=done", "replace=done", "remove-node=healed");
            assertThat(r.replacementId()).isEqualTo("m1-r1");
            assertThat(f.eventsFor("n1", "RemediationSucceeded")).isEqualTo(1);
            assertThat(f.eventsFor("n1", "RemediationStarted")).isEqualTo(1);
        }
    }

    @Test
    void aMalformedProviderIdBlocksThatNodeOnlyWithAnEventNamingIt() {
        try (EngineFixture f = new EngineFixture()) {
            f.source.deadNode("bad", "test:///", DOWN);
            f.source.deadNode("n2", "test://m2", DOWN.minusSeconds(10));
            f.source.healthyNode("n3", "test://m3", EngineFixture.T0.minusSeconds(3600));
            f.start();
            await("n2 fenced", () -> f.provider.count("m2", "power-off") == 1);
            await("the bad node's Event", () -> f.eventsFor("bad", "RemediationBlocked") == 1);
            assertThat(f.events).anyMatch(e -> e.startsWith("bad RemediationBlocked machine-reference")
                    && e.contains("providerID 'test:///'"));
            assertThat(f.record("bad")).isEmpty();
            assertThat(f.cluster.calls).noneMatch(c -> c.endsWith(" bad"));
        }
    }

    @Test
    void aProviderThatHangsForOneNodeDelaysNoOtherNode() {
        try (EngineFixture f = new EngineFixture()) {
            f.provider.hanging.add("m1");
            f.source.deadNode("n1", "test://m1", DOWN);
            f.source.healthyNode("n3", "test://m3", EngineFixture.T0.minusSeconds(3600));
            f.start();
            await("n1's machine asked about", () -> f.provider.count("m1", "capabilities") >= 1);
            f.source.deadNode("n2", "test://m2", DOWN);
            await("n2 fenced while n1's provider hangs", () -> f.provider.count("m2", "power-off") == 1);
            await("n2's old node removed", () -> f.cluster.calls.contains("delete-node n2"));
            assertThat(f.provider.count("m1", "power-off")).isZero();
        }
    }

    @Test
    void failedRecordWritesAreRetriedWithBackoffAndNothingIsRepeated() {
        try (EngineFixture f = new EngineFixture()) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.source.deadNode("n2", "test://m2", DOWN);
            f.source.healthyNode("n3", "test://m3", EngineFixture.T0.minusSeconds(3600));
            f.source.healthyNode("n4", "test://m4", EngineFixture.T0.minusSeconds(3600));
            f.source.healthyNode("n5", "test://m5", EngineFixture.T0.minusSeconds(3600));
            f.store.failNextWrites.set(3);
            f.start();
            await("a stall told", () -> f.events.stream().anyMatch(e -> e.contains(" RemediationStalled ")));
            await("both removed", () -> {
                timePasses(f, Duration.ofMillis(500)); // the backoffs pass; the healthy nodes go on renewing
                return f.cluster.calls.contains("delete-node n1") && f.cluster.calls.contains("delete-node n2");
            });
            assertThat(f.provider.count("m1", "power-off")).isEqualTo(1);
            assertThat(f.provider.count("m2", "power-off")).isEqualTo(1);
            assertThat(f.provider.count("m1", "replace")).isEqualTo(1);
            assertThat(f.provider.count("m2", "replace")).isEqualTo(1);
        }
    }

    @Test
    void aLeaderThatLosesItsLeaseMidCallSendsNoRetryNoWriteAndNoEvent() {
        try (EngineFixture f = new EngineFixture()) {
            f.provider.onMutation = (machine, call) -> {
                if (call.equals("power-off")) {
                    f.leader.set(false); // paused past its lease while the call was in flight
                    throw new RetryableProviderException(machine, call, "connection reset");
                }
            };
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("the first attempt", () -> f.provider.count("m1", "power-off") == 1);
            await("the step's start told", () -> f.eventsFor("n1", "StepStarted") == 1);
            int writes = f.store.writes.get();
            int events = f.events.size();
            f.clock.advance(Duration.ofSeconds(30));
            f.source.deadNode("n2", "test://m2", DOWN);
            f.engine().evaluateNow();
            sleep(500);
            f.engine().evaluateNow();
            assertThat(f.provider.count("m1", "power-off")).as("the retry is never sent").isEqualTo(1);
            assertThat(f.provider.power.get("m1")).isNull();
            assertThat(f.provider.calls).noneMatch(c -> c.startsWith("m2 power-off"));
            assertThat(f.store.writes.get()).isEqualTo(writes);
            assertThat(f.events).hasSize(events);
            Remediation r = f.record("n1").orElseThrow();
            assertThat(r.phase()).as("left for the next leader to verify").isEqualTo(StepPhase.ACTING);
        }
    }

    @Test
    void aNewLeaderKeepsTheStormFreezeUntilTheCooldownEnds() {
        EngineFixture first = new EngineFixture();
        try (first) {
            for (int i = 1; i <= 3; i++) {
                first.source.deadNode("n" + i, "test://m" + i, DOWN);
            }
            first.source.healthyNode("n4", "test://m4", EngineFixture.T0.minusSeconds(3600));
            first.start();
            await("storm persisted", () -> first.storm.get() != null && first.storm.get().since() != null);
            await("blocked", () -> first.events.stream().anyMatch(e -> e.contains("not remediating during a storm")));
            assertThat(first.store.loadAll()).isEmpty();
        }
        try (EngineFixture second = new EngineFixture()) {
            second.storm.set(first.storm.get());
            second.clock.advance(Duration.ofMinutes(1));
            second.source.deadNode("n1", "test://m1", DOWN);
            for (int i = 2; i <= 4; i++) {
                second.source.healthyNode("n" + i, "test://m" + i, EngineFixture.T0.minusSeconds(3600));
            }
            second.start();
            await("cooling down", () -> second.events.stream().anyMatch(e -> e.contains("cooling down after a storm")));
            assertThat(second.store.loadAll()).isEmpty();
            second.clock.advance(Duration.ofMinutes(5));
            // The healthy nodes go on renewing their Leases, as in a cluster: an evaluation scheduled before the clock's
            // jump runs late, and the engine then waits for a fresh change from the watches before it acts.
            await("healed after the cooldown", () -> {
                for (int i = 2; i <= 4; i++) {
                    second.source.healthyNode("n" + i, "test://m" + i, EngineFixture.T0.minusSeconds(3600));
                }
                return second.provider.count("m1", "power-off") == 1;
            });
        }
    }

    @Test
    void pauseDeniesWithAnEventAndDryRunWritesNothing() {
        try (EngineFixture f = new EngineFixture()) {
            f.paused.set(true);
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("paused told", () -> f.events.stream().anyMatch(e -> e.startsWith("n1 RemediationBlocked pause")));
            assertThat(f.store.writes.get()).isZero();
        }
        try (EngineFixture f = new EngineFixture(b -> b.dryRun(true))) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("plan told", () -> f.events.stream().anyMatch(e -> e.startsWith("n1 DryRunPlan dry-run: dry run: would remediate "
                    + FailureClass.NODE_UNREACHABLE)));
            assertThat(f.store.writes.get()).isZero();
            assertThat(f.provider.calls).noneMatch(c -> c.contains("power-off"));
        }
    }

    @Test
    void aResumedReplaceReadsThatTheOldMachineIsGoneAndFinishesOnTheReplacementThatAlreadyJoined() {
        try (EngineFixture f = new EngineFixture()) {
            Remediation r = Remediation.start("r1", "n1", "n1-uid", FailureClass.NODE_UNREACHABLE, null,
                    List.of("fence", "release", "replace", "remove-node"), "healer-old", EngineFixture.T0.minusSeconds(120), "x");
            r = r.moveTo(RemediationState.REMEDIATING, EngineFixture.T0.minusSeconds(120), "remediating")
                    .fenced(EngineFixture.T0.minusSeconds(110)).stepFinished("done", EngineFixture.T0.minusSeconds(110), "off")
                    .stepFinished("done", EngineFixture.T0.minusSeconds(100), "released")
                    .phase(StepPhase.ACTING, EngineFixture.T0.minusSeconds(60)); // killed right after asking for the replacement
            f.store.putAsOther(r);
            f.provider.power.put("m1", PowerState.GONE);
            f.source.deadNode("n1", "test://m1", DOWN);
            f.source.healthyNode("n1-new", "test://m1-new", EngineFixture.T0.minusSeconds(30)); // joined before the resume
            f.start();
            await("finished", () -> f.record("n1").map(x -> x.state().isFinal()).orElse(false));
            Remediation done = f.record("n1").orElseThrow();
            assertThat(done.state()).isEqualTo(RemediationState.SUCCEEDED);
            assertThat(f.provider.count("m1", "replace")).as("not replaced twice").isZero();
            assertThat(done.replacedAt()).isEqualTo(EngineFixture.T0.minusSeconds(60));
            assertThat(f.eventsFor("n1", "RemediationResumed")).isEqualTo(1);
        }
    }

    @Test
    void anActionIsBoundedByItsStepsLimit() {
        try (EngineFixture f = new EngineFixture(b -> b.recovery(new dev.selfheal.core.config.RecoverySettings(
                java.util.Map.of("fence", Duration.ofSeconds(1)), Duration.ofMinutes(2),
                java.util.Map.of("NODE_UNREACHABLE", List.of("fence", "release")), dev.selfheal.core.config.ReleaseMode.AUTO,
                Duration.ofHours(2), false)))) {
            f.provider.hanging.add("m1");
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            f.provider.hanging.remove("m1"); // the reads answer; the power-off below hangs
            f.provider.onMutation = (machine, call) -> sleep(30_000);
            f.provider.release.countDown();
            await("failed at the step's limit", () -> f.record("n1").map(x -> x.state() == RemediationState.FAILED).orElse(false));
            // Cut at the step's limit, by the engine (timed-out) or by the gateway's call limit drawn from it (failed).
            assertThat(f.record("n1").orElseThrow().history().get(0).outcome()).isIn("timed-out", "failed");
            assertThat(f.record("n1").orElseThrow().history().get(0).detail()).containsAnyOf("step's limit of PT1S",
                    "no result within PT0.9", "no result within PT1S");
        }
    }

    @Test
    void aNodeHealthyAgainAfterItsReleaseLosesBothTaints() {
        try (EngineFixture f = new EngineFixture(b -> b.recovery(new dev.selfheal.core.config.RecoverySettings(
                java.util.Map.of(), Duration.ofMinutes(2), java.util.Map.of("NODE_UNREACHABLE", List.of("fence", "release")),
                dev.selfheal.core.config.ReleaseMode.AUTO, Duration.ofHours(2), false)))) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("finished", () -> f.record("n1").map(x -> x.state().isFinal()).orElse(false));
            assertThat(f.source.node("n1").taints()).extracting(t -> t.key())
                    .containsExactlyInAnyOrder("selfheal.dev/fenced", "node.kubernetes.io/out-of-service");
            assertThat(f.cluster.calls).noneMatch(c -> c.startsWith("untaint"));
            dev.selfheal.core.health.NodeView dead = f.source.node("n1");
            f.source.put(new dev.selfheal.core.health.NodeView("n1", dead.uid(), dead.providerId(), dead.labels(),
                    dead.annotations(), dead.taints(), List.of(new dev.selfheal.core.health.ConditionView("Ready", "True",
                    "KubeletReady", "ok", f.clock.instant(), f.clock.instant())), dead.createdAt(), false), f.clock.instant());
            await("both taints removed", () -> f.source.node("n1").taints().isEmpty());
            assertThat(f.cluster.calls).contains("untaint node.kubernetes.io/out-of-service n1", "untaint selfheal.dev/fenced n1");
            assertThat(f.eventsFor("n1", "OutOfServiceTaintRemoved")).isEqualTo(1);
        }
    }

    /** Moves the test clock on, renews the healthy nodes' Leases, and gives the engine a moment. */
    private static void timePasses(EngineFixture f, Duration d) {
        f.clock.advance(d);
        for (int i = 3; i <= 5; i++) {
            f.source.healthyNode("n" + i, "test://m" + i, EngineFixture.T0.minusSeconds(3600));
        }
        sleep(20);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
