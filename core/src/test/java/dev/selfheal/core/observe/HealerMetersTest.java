package dev.selfheal.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.provider.ProviderCallObserver;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.safety.NodeAttemptsGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealerMetersTest {

    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final List<Remediation> records = new java.util.ArrayList<>();
    private final Map<String, String> breakers = new HashMap<>(Map.of("aws", "CLOSED"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCallObserver calls = HealerMeters.bind(registry, new HealerMeters.Sources(leader::get, () -> true,
            frozen::get, () -> List.copyOf(records), r -> NodeAttemptsGate.exhausted(r, T0.plusSeconds(60), 3, Duration.ofHours(1)),
            () -> Map.copyOf(breakers)), List.of("aws"));

    @Test
    void gaugesFollowTheHealersStateWhenRead() {
        assertThat(gauge("selfheal.leader")).isZero();
        assertThat(gauge("selfheal.storm.frozen")).isZero();
        assertThat(gauge("selfheal.ready")).isEqualTo(1.0);
        leader.set(true);
        frozen.set(true);
        assertThat(gauge("selfheal.leader")).isEqualTo(1.0);
        assertThat(gauge("selfheal.storm.frozen")).isEqualTo(1.0);
    }

    @Test
    void countsNodesByTheStateOfTheirLatestRemediationAndThoseOutOfAttempts() {
        records.add(finished("n1", RemediationState.FAILED, 3));
        records.add(finished("n2", RemediationState.FAILED, 1));
        records.add(finished("n3", RemediationState.SUCCEEDED, 3));
        assertThat(registry.get("selfheal.remediations.current").tag("state", "FAILED").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("selfheal.remediations.current").tag("state", "SUCCEEDED").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("selfheal.remediations.current").tag("state", "REMEDIATING").gauge().value()).isZero();
        assertThat(gauge("selfheal.nodes.attempts.exhausted")).isEqualTo(2.0);
    }

    @Test
    void showsTheBreakersStateAndTimesProviderCalls() {
        assertThat(breaker("closed")).isEqualTo(1.0);
        assertThat(breaker("open")).isZero();
        breakers.put("aws", "OPEN");
        assertThat(breaker("closed")).isZero();
        assertThat(breaker("open")).isEqualTo(1.0);
        calls.onCall("aws", "status", ProviderCallObserver.OK, Duration.ofMillis(300));
        calls.onCall("aws", "status", ProviderCallObserver.OK, Duration.ofMillis(700));
        var timer = registry.get("selfheal.provider.calls").tag("provider", "aws").tag("operation", "status")
                .tag("outcome", "ok").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double breaker(String state) {
        return registry.get("selfheal.provider.breaker.state").tag("provider", "aws").tag("state", state).gauge().value();
    }

    private static Remediation finished(String node, RemediationState end, int attempt) {
        return Remediation.start("id-" + node, node, "u", FailureClass.NODE_UNREACHABLE, null, List.of("fence"), "h", T0, "")
                .withAttempt(attempt).moveTo(RemediationState.REMEDIATING, T0, "").moveTo(end, T0.plusSeconds(30), "");
    }
}
