package dev.selfheal.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.DomainStormSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.NodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Storm protection per failure domain, on a fixed clock: two zones of three nodes, a third node without a zone. */
class DomainStormTest {

    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
    private static final String ZONE = DomainStormSettings.ZONE_LABEL;
    private static final Duration COOLDOWN = Duration.ofMinutes(5);

    @Test
    void aDomainGoneDarkIsFrozenWhileTheOtherHeals() {
        StormGate gate = gate();
        ClusterSnapshot s = cluster();
        Set<String> sick = Set.of("a1", "a2", "a3", "b1");
        DomainCounts counts = DomainCounts.of(ZONE, s.nodes().values(), sick);
        assertThat(counts.count("a")).isEqualTo(new DomainCounts.Count(3, 3, "a1"));
        assertThat(counts.count("b")).isEqualTo(new DomainCounts.Count(3, 1, "b1"));

        gate.observe(sick.size(), s.nodes().size(), counts, NOW);
        GateDecision a = gate.evaluate(input(s, "a2", sick, counts, NOW));
        assertThat(a.allowed()).isFalse();
        assertThat(a.gate()).isEqualTo("domain-storm");
        assertThat(a.reason()).contains("failure domain topology.kubernetes.io/zone=a is frozen")
                .contains("3 of 3 nodes look unhealthy, more than the 50% allowed (1)").contains("since " + NOW);
        assertThat(gate.evaluate(input(s, "b1", sick, counts, NOW)).allowed()).as("the other zone heals").isTrue();
        assertThat(gate.evaluate(input(s, "loose", Set.of("loose"), counts, NOW)).allowed()).as("a node in no domain").isTrue();
        assertThat(gate.state().domains()).containsOnlyKeys("a");
        assertThat(gate.state().domains().get("a").cooldownUntil()).isEqualTo(NOW.plus(COOLDOWN));
        assertThat(gate.state().since()).as("no cluster-wide storm").isNull();
    }

    @Test
    void aFrozenDomainCoolsDownAndANewLeaderKeepsTheFreeze() {
        StormGate first = gate();
        ClusterSnapshot s = cluster();
        Set<String> dark = Set.of("a1", "a2", "a3");
        first.observe(3, 7, DomainCounts.of(ZONE, s.nodes().values(), dark), NOW);
        StormState persisted = first.state();

        StormGate next = gate();
        next.restore(persisted);
        Set<String> one = Set.of("a1");
        DomainCounts later = DomainCounts.of(ZONE, s.nodes().values(), one);
        Instant t = NOW.plusSeconds(60);
        next.observe(1, 7, later, t);
        GateDecision cooling = next.evaluate(input(s, "a1", one, later, t));
        assertThat(cooling.allowed()).isFalse();
        assertThat(cooling.reason()).contains("zone=a is cooling down after a storm until " + NOW.plus(COOLDOWN));

        Instant after = NOW.plus(COOLDOWN).plusSeconds(1);
        next.observe(1, 7, later, after);
        assertThat(next.evaluate(input(s, "a1", one, later, after)).allowed()).isTrue();
        assertThat(next.state().domains()).as("a thawed domain is forgotten").isEmpty();
    }

    @Test
    void aDomainStormKeepsItsStartWhileItLastsAndTheReasonSaysWhy() {
        StormGate gate = gate();
        ClusterSnapshot s = cluster();
        DomainCounts dark = DomainCounts.of(ZONE, s.nodes().values(), Set.of("a1", "a2"));
        gate.observe(2, 7, dark, NOW);
        gate.observe(2, 7, dark, NOW.plusSeconds(30));
        StormState a = gate.state().domains().get("a");
        assertThat(a.since()).isEqualTo(NOW);
        assertThat(a.lastSeen()).isEqualTo(NOW.plusSeconds(30));
        assertThat(gate.domainStormReason(dark.count("a"))).isEqualTo("2 of 3 nodes look unhealthy, more than the 50% allowed (1)");
        assertThat(gate.domainStormReason(dark.count("b"))).isNull();
        assertThat(new StormGate(MaxUnhealthy.parse("1"), COOLDOWN).domainLabel()).as("no domains configured").isNull();
    }

    @Test
    void aDarkDomainDoesNotCountTowardTheClusterWideLimit() {
        StormGate gate = new StormGate(MaxUnhealthy.parse("40%"), COOLDOWN, DomainStormSettings.zones("50%"));
        ClusterSnapshot s = cluster();
        Set<String> sick = Set.of("a1", "a2", "a3", "b1");
        DomainCounts counts = DomainCounts.of(ZONE, s.nodes().values(), sick);

        gate.observe(sick.size(), s.nodes().size(), counts, NOW);

        assertThat(gate.state().since()).as("4 of 7 is above 40%, but 3 of them are a dark zone's").isNull();
        assertThat(gate.evaluate(input(s, "b1", sick, counts, NOW)).allowed()).as("the other zone heals").isTrue();
        assertThat(gate.evaluate(input(s, "a1", sick, counts, NOW)).gate()).isEqualTo("domain-storm");

        Set<String> spread = Set.of("a1", "b1", "loose");
        DomainCounts noneDark = DomainCounts.of(ZONE, s.nodes().values(), spread);
        GateDecision d = gate.evaluate(input(s, "loose", spread, noneDark, NOW));
        assertThat(d.allowed()).as("3 of 7 spread over the zones, none of them dark, still count").isFalse();
        assertThat(d.gate()).isEqualTo("max-unhealthy");
    }

    private static StormGate gate() {
        return new StormGate(MaxUnhealthy.parse("100%"), COOLDOWN, DomainStormSettings.zones("50%"));
    }

    private static GateInput input(ClusterSnapshot s, String node, Set<String> sick, DomainCounts counts, Instant now) {
        return new GateInput(s.node(node).orElseThrow(), new Diagnosis(node, FailureClass.NODE_UNREACHABLE, null, List.of(), now,
                "test"), s, sick.size(), List.of(), Optional.empty(), now, Optional.empty(), counts);
    }

    private static ClusterSnapshot cluster() {
        Map<String, NodeView> nodes = new HashMap<>();
        for (String zone : List.of("a", "b")) {
            for (int i = 1; i <= 3; i++) {
                nodes.put(zone + i, node(zone + i, Map.of(ZONE, zone)));
            }
        }
        nodes.put("loose", node("loose", Map.of()));
        return new ClusterSnapshot(NOW, nodes, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    private static NodeView node(String name, Map<String, String> labels) {
        return new NodeView(name, "uid-" + name, null, labels, Map.of(), List.of(),
                List.of(new ConditionView("Ready", "True", "", "", NOW.minusSeconds(600), NOW)), NOW.minusSeconds(3600), false);
    }
}
