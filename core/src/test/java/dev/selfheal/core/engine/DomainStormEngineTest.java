package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.DomainStormSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.observe.SelfhealListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine with two zones of three nodes: one goes dark entirely, the other has one failure. */
class DomainStormEngineTest {

    private static final String ZONE = DomainStormSettings.ZONE_LABEL;

    @Test
    void aZoneGoneDarkIsNotFencedWhileASingleFailureInTheOtherZoneHeals() {
        List<String> told = new CopyOnWriteArrayList<>();
        try (EngineFixture f = fixture()) {
            f.listeners.add(new SelfhealListener() {
                @Override
                public void onDomainStorm(String label, String domain, boolean frozen, String reason) {
                    told.add(label + "=" + domain + " " + (frozen ? "frozen" : "thawed") + ": " + reason);
                }
            });
            for (int i = 1; i <= 3; i++) {
                dead(f, "a" + i, "a");
            }
            dead(f, "b1", "b");
            healthy(f, "b2", "b");
            healthy(f, "b3", "b");
            f.start();
            await("b1 fenced", () -> f.provider.count("m-b1", "power-off") == 1);
            await("zone a frozen and persisted", () -> f.storm.get() != null && f.storm.get().domains().containsKey("a"));
            await("zone a told", () -> f.eventsFor("a1", "DomainFrozen") == 1 && !told.isEmpty());
            assertThat(f.events).anyMatch(e -> e.startsWith("a1 DomainFrozen failure domain " + ZONE + "=a is frozen: 3 of 3 nodes"
                    + " look unhealthy, more than the 50% allowed (1)"));
            assertThat(told).containsExactly(ZONE + "=a frozen: 3 of 3 nodes look unhealthy, more than the 50% allowed (1)");
            await("each node of zone a blocked", () -> List.of("a1", "a2", "a3").stream()
                    .allMatch(n -> f.events.stream().anyMatch(e -> e.startsWith(n + " RemediationBlocked domain-storm: failure domain "
                            + ZONE + "=a is frozen"))));
            assertThat(f.provider.calls).as("zone a: read, never acted on").allMatch(c -> !c.startsWith("m-a")
                    || c.endsWith(" status") || c.endsWith(" capabilities"));
            assertThat(f.store.loadAll()).extracting(s -> s.remediation().node()).containsExactly("b1");
            assertThat(f.storm.get().domains()).containsOnlyKeys("a");
            assertThat(f.storm.get().since()).as("no cluster-wide storm").isNull();
        }
    }

    @Test
    void aNewLeaderKeepsTheZonesFreezeUntilItsCooldownEnds() {
        EngineFixture first = fixture();
        try (first) {
            for (int i = 1; i <= 3; i++) {
                dead(first, "a" + i, "a");
            }
            healthy(first, "b1", "b");
            first.start();
            await("zone a persisted", () -> first.storm.get() != null && first.storm.get().domains().containsKey("a"));
        }
        try (EngineFixture second = fixture()) {
            second.storm.set(first.storm.get());
            second.clock.advance(Duration.ofMinutes(1));
            dead(second, "a1", "a"); // zone a is back but for one node: not a storm any more, but cooling down
            healthy(second, "a2", "a");
            healthy(second, "a3", "a");
            healthy(second, "b1", "b");
            second.start();
            await("cooling down", () -> second.events.stream().anyMatch(e -> e.startsWith("a1 RemediationBlocked domain-storm: "
                    + "failure domain " + ZONE + "=a is cooling down after a storm until")));
            assertThat(second.eventsFor("a1", "DomainFrozen")).as("a restored freeze is not told again").isZero();
            assertThat(second.store.loadAll()).isEmpty();
            second.clock.advance(Duration.ofMinutes(5));
            // The healthy nodes go on renewing their Leases, as in a cluster: an evaluation scheduled before the clock's
            // jump runs late, and the engine then waits for a fresh change from the watches before it acts.
            await("healed after the cooldown", () -> {
                for (String n : List.of("a2", "a3", "b1")) {
                    healthy(second, n, n.substring(0, 1));
                }
                return second.provider.count("m-a1", "power-off") == 1;
            });
            await("zone a thawed", () -> second.eventsFor("a1", "DomainThawed") == 1);
        }
    }

    /**
     * Six nodes are asked about at once: a read bulkhead that fits them all, as a read refused by a full bulkhead is
     * asked again only after the probe interval, which this test's clock never reaches (not what this test is about).
     */
    private static EngineFixture fixture() {
        return new EngineFixture(b -> b.gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ofMinutes(5), 5, 3,
                Duration.ofHours(1), Duration.ofSeconds(30), "selfheal.dev/exclude").withDomainStorm(DomainStormSettings.zones("50%")))
                .resilience(new ResilienceSettings(2, Duration.ofMillis(50), Duration.ofSeconds(30), 50, Duration.ofSeconds(5), 100,
                        Duration.ofMillis(500), 16)));
    }

    private static void dead(EngineFixture f, String name, String zone) {
        f.source.deadNode(name, "test://m-" + name, DOWN);
        zoned(f, name, zone, f.clock.instant().minus(DOWN));
    }

    private static void healthy(EngineFixture f, String name, String zone) {
        f.source.healthyNode(name, "test://m-" + name, EngineFixture.T0.minusSeconds(3600));
        zoned(f, name, zone, f.clock.instant());
    }

    private static void zoned(EngineFixture f, String name, String zone, java.time.Instant leaseRenewed) {
        NodeView n = f.source.node(name);
        f.source.put(new NodeView(n.name(), n.uid(), n.providerId(), Map.of(ZONE, zone), n.annotations(), n.taints(),
                n.conditions(), n.createdAt(), n.unschedulable()), leaseRenewed);
    }
}
