package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.safety.StormState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storm-state Lease's annotations: the domains' added compatibly to the cluster's. */
class StormAnnotationsTest {

    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void theClusterAndEveryDomainRoundTrip() {
        StormState s = new StormState(T, T.plusSeconds(5), T.plusSeconds(300),
                Map.of("eu-1a", new StormState(T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(301)),
                        "eu-1b", new StormState(null, null, T.plusSeconds(60))));
        Map<String, String> a = StormAnnotations.write(s);
        assertThat(a).containsEntry("selfheal.dev/storm-since", T.toString())
                .containsEntry("selfheal.dev/storm-cooldown-until", T.plusSeconds(300).toString())
                .containsKey("selfheal.dev/storm-domains");
        assertThat(StormAnnotations.read(a)).isEqualTo(s);
    }

    @Test
    void aLeaseOfTheFormerFormatReadsAsNoDomainStormAndGarbageInventsNoFreeze() {
        Map<String, String> former = Map.of("selfheal.dev/storm-since", T.toString(), "selfheal.dev/storm-last-seen", "",
                "selfheal.dev/storm-cooldown-until", T.plusSeconds(300).toString());
        StormState read = StormAnnotations.read(former);
        assertThat(read.since()).isEqualTo(T);
        assertThat(read.lastSeen()).isNull();
        assertThat(read.domains()).isEmpty();

        StormState garbled = StormAnnotations.read(Map.of("selfheal.dev/storm-domains", "[not an object",
                "selfheal.dev/storm-since", "yesterday"));
        assertThat(garbled).isEqualTo(StormState.CALM);
        assertThat(StormAnnotations.read(Map.of("selfheal.dev/storm-domains", "{\"a\":{\"cooldownUntil\":\"soon\"}}"))
                .domains().get("a").frozenAt(T)).isFalse();
    }
}
