package dev.selfheal.core.it;

import static dev.selfheal.core.it.HealerIT.config;
import static dev.selfheal.core.it.HealerIT.events;
import static dev.selfheal.core.it.HealerIT.eventMessages;
import static dev.selfheal.core.it.HealerIT.healer;
import static dev.selfheal.core.it.HealerIT.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.testbed.process.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The healing policy on a real control plane with kwok nodes: a node counts as healed only on evidence from after
 * the step acted and a burn-in, and a node that flaps is one failure that escalates. Time is scaled down: a 10 s
 * failure threshold, a 3 s burn-in, the default 10 min flap window.
 */
class HealingPolicyIT extends RealClusterTest {

    private static final Duration BURN_IN = Duration.ofSeconds(3);

    @Test
    void aMachinePoweredOnThatNeverHeartbeatsAgainIsNotHealedAndTheLadderContinuesToReplace() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-p1", "p1", Map.of("pool", "p"));
        machines.breakOs("m-p1");
        kube.nodes().awaitReady("p1", Duration.ofSeconds(60));
        SelfhealConfig cfg = policy("h-p").toBuilder()
                .recovery(policy("h-p").recovery().withStepTimeout("power-on", Duration.ofSeconds(8))).build();
        try (Selfheal healer = healer("h-p", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            machines.powerOff(MachineRef.of("test", "m-p1", "p1")); // someone pulls the plug
            Await.until("remediation of p1 ended", Duration.ofSeconds(180),
                    () -> Optional.ofNullable(state(healer, "p1")).map(RemediationState::isFinal).orElse(false));
            Remediation r = healer.remediations().get("p1");
            assertThat(r.failureClass()).isEqualTo(FailureClass.MACHINE_DOWN);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("fence=done", "release=done", "power-on=timed-out", "replace=done", "remove-node=healed");
            assertThat(r.state()).as("healed by the replacement").isEqualTo(RemediationState.SUCCEEDED);
            assertThat(machines.count("power-on")).isEqualTo(1);
            assertThat(machines.count("replace")).isEqualTo(1);
            assertThat(events("p1")).doesNotContain("OutOfServiceTaintRemoved", "BurnInStarted");
            assertThat(machines.calls()).as("the machine it started is never stopped again")
                    .filteredOn(c -> c.machine().equals("m-p1") && c.operation().equals("power-off")).hasSize(2); // the plug, the fence
        }
    }

    @Test
    void aNodeThatFlapsThreeTimesInTenMinutesIsReplacedNotRebootedThreeTimes() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.rebootRevives();
        machines.addMachine("m-f1", "f1", Map.of("pool", "f"));
        kube.nodes().awaitReady("f1", Duration.ofSeconds(60));
        // Two harmless rungs below the fence: a reboot, then a power cycle of a machine that is on.
        SelfhealConfig cfg = policy("h-f").toBuilder().recovery(policy("h-f").recovery().withLadder("NODE_UNREACHABLE",
                List.of("reboot", "power-on", "fence", "release", "replace", "remove-node"))).build();
        try (Selfheal healer = healer("h-f", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            Remediation first = failsAndHeals(healer, "f1", null);
            Remediation second = failsAndHeals(healer, "f1", first.id());
            kube.nodes().stopHeartbeat("f1"); // the third failure within minutes
            Await.until("the third remediation of f1 ended", Duration.ofSeconds(180), () -> Optional.ofNullable(
                    healer.remediations().get("f1")).filter(r -> !r.id().equals(second.id()) && r.state().isFinal()).isPresent());
            Remediation third = healer.remediations().get("f1");
            assertThat(first.history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly("reboot=healed");
            assertThat(second.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("reboot=skipped", "power-on=healed");
            assertThat(third.history()).extracting(h -> h.step() + "=" + h.outcome()).containsExactly("reboot=skipped",
                    "power-on=skipped", "fence=done", "release=done", "replace=done", "remove-node=healed");
            assertThat(third.state()).isEqualTo(RemediationState.SUCCEEDED);
            assertThat(List.of(first.attempt(), second.attempt(), third.attempt())).containsExactly(1, 2, 3);
            assertThat(third.unhealthySince()).as("one failure since the first onset").isEqualTo(first.unhealthySince());
            assertThat(machines.count("reboot")).isEqualTo(1);
            assertThat(machines.count("replace")).isEqualTo(1);
            assertThat(eventMessages("f1")).anyMatch(m -> m.contains("failed again") && m.contains("passing by [reboot, power-on]"));
        }
    }

    /** Stops the node's heartbeat and waits until a remediation other than {@code previous} heals it. */
    private static Remediation failsAndHeals(Selfheal healer, String node, String previous) {
        kube.nodes().stopHeartbeat(node);
        Await.until("a new remediation of " + node + " succeeded", Duration.ofSeconds(120), () -> Optional.ofNullable(
                healer.remediations().get(node)).filter(r -> !r.id().equals(previous) && r.state() == RemediationState.SUCCEEDED)
                .isPresent());
        kube.nodes().awaitReady(node, Duration.ofSeconds(30));
        return healer.remediations().get(node);
    }

    private static SelfhealConfig policy(String identity) {
        SelfhealConfig base = config(identity);
        return base.toBuilder().recovery(base.recovery().withBurnIn(BURN_IN).withStepTimeout("reboot", Duration.ofSeconds(30))
                .withStepTimeout("power-on", Duration.ofSeconds(30))).build();
    }
}
