package dev.selfheal.core.it;

import static dev.selfheal.core.it.HealerIT.config;
import static dev.selfheal.core.it.HealerIT.eventMessages;
import static dev.selfheal.core.it.HealerIT.events;
import static dev.selfheal.core.it.HealerIT.healer;
import static dev.selfheal.core.it.HealerIT.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.DomainStormSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.kube.LeaseStormStateStore;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Storm protection per zone on a real control plane with kwok nodes: two zones of three nodes; zone a goes dark
 * entirely while one node of zone b fails. Nothing in zone a is fenced, zone b's node is healed, and a new leader
 * keeps zone a's freeze from the storm-state Lease.
 */
class DomainStormIT extends RealClusterTest {

    private static final List<String> ZONE_A = List.of("za1", "za2", "za3");
    private static final List<String> ZONE_B = List.of("zb1", "zb2", "zb3");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aZoneGoneDarkIsNotFencedWhileASingleFailureInTheOtherZoneHeals() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        ZONE_A.forEach(n -> machines.addMachine("m-" + n, n, Map.of("pool", "z", DomainStormSettings.ZONE_LABEL, "a")));
        ZONE_B.forEach(n -> machines.addMachine("m-" + n, n, Map.of("pool", "z", DomainStormSettings.ZONE_LABEL, "b")));
        Stream.concat(ZONE_A.stream(), ZONE_B.stream()).forEach(n -> kube.nodes().awaitReady(n, Duration.ofSeconds(60)));
        SelfhealConfig cfg = config("h-z").toBuilder().gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ofMinutes(5),
                5, 3, Duration.ofHours(1), Duration.ZERO, "selfheal.dev/exclude").withDomainStorm(DomainStormSettings.zones("50%")))
                .build();
        try {
            try (Selfheal healer = healer("h-z1", machines, cfg.toBuilder().identity("h-z1").build(), new ConcurrentHashMap<>())) {
                healer.start();
                ZONE_A.forEach(kube.nodes()::stopHeartbeat);
                kube.nodes().stopHeartbeat("zb1");

                Await.until("zb1 healed", WAIT, () -> state(healer, "zb1") == RemediationState.SUCCEEDED);
                Await.until("zone a frozen, told on za1", WAIT, () -> events("za1").contains("DomainFrozen"));
                // frozen as soon as 2 of its 3 nodes look unhealthy (limit 1), or all 3 if they were seen at once
                assertThat(eventMessages("za1")).anyMatch(m -> m.matches("failure domain topology\\.kubernetes\\.io/zone=a is frozen: "
                        + "[23] of 3 nodes look unhealthy, more than the 50% allowed \\(1\\); none of its nodes is remediated.*"));
                ZONE_A.forEach(n -> assertThat(eventMessages(n)).as(n).anyMatch(m -> m.startsWith("domain-storm: failure domain "
                        + "topology.kubernetes.io/zone=a is frozen")));
                assertThat(machines.firstCall("power-off", "m-zb1")).isPresent();
                assertThat(machines.calls()).as("zone a: read, never acted on")
                        .noneMatch(c -> c.machine().startsWith("m-za") && !c.operation().equals("status"));
                assertThat(healer.remediations()).doesNotContainKeys(ZONE_A.toArray(String[]::new));
                assertThat(domainsAnnotation()).contains("\"a\"").doesNotContain("\"b\"");
            }
            kube.nodes().resumeHeartbeat("za2"); // zone a is back but for za1: not a storm now, but the cooldown holds
            kube.nodes().resumeHeartbeat("za3");
            kube.nodes().awaitReady("za2", Duration.ofSeconds(60));
            kube.nodes().awaitReady("za3", Duration.ofSeconds(60));
            try (Selfheal next = healer("h-z2", machines, cfg.toBuilder().identity("h-z2").build(), new ConcurrentHashMap<>())) {
                next.start();
                Await.until("the new leader keeps zone a's freeze", Duration.ofSeconds(60), () -> eventMessages("za1").stream()
                        .anyMatch(m -> m.contains("zone=a is cooling down after a storm until")));
                next.evaluateNow();
                assertThat(next.remediations()).doesNotContainKey("za1");
                assertThat(machines.calls()).noneMatch(c -> c.machine().startsWith("m-za") && !c.operation().equals("status"));
            }
        } finally {
            Stream.concat(ZONE_A.stream(), ZONE_B.stream()).forEach(kube.nodes()::delete);
        }
    }

    private static String domainsAnnotation() {
        return kube.client().leases().inNamespace(NS).withName(LeaseStormStateStore.LEASE_NAME).get().getMetadata()
                .getAnnotations().get("selfheal.dev/storm-domains");
    }
}
