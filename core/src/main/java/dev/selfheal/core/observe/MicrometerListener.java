package dev.selfheal.core.observe;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;

/**
 * Publishes meters to a Micrometer registry the application owns (Micrometer is an optional dependency:
 * this class is used only when the application passes a registry):
 * {@code selfheal.detections} (tag {@code class}), {@code selfheal.blocked} (tag {@code gate}),
 * {@code selfheal.remediations} (tags {@code class}, {@code outcome}), {@code selfheal.steps} (tags
 * {@code step}, {@code outcome}), the timer {@code selfheal.time.to.recover} (tag {@code class}, with histogram
 * buckets from 30 s to 2 h), and per failure domain the gauge {@code selfheal.domain.frozen} (1 while the domain is
 * frozen, else 0) and the counter {@code selfheal.domain.storms} (tags {@code label}, {@code domain}).
 * {@link HealerMeters} adds the healer's state as gauges.
 */
public final class MicrometerListener implements SelfhealListener {

    /** Histogram buckets of the time to recover, for quantiles in Prometheus. */
    private static final Duration[] RECOVERY_BUCKETS = {Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofHours(1),
        Duration.ofHours(2)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> frozen = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param registry the application's registry
     * @param clock the healer's clock
     */
    public MicrometerListener(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void onDiagnosed(Diagnosis diagnosis) {
        Counter.builder("selfheal.detections").tag("class", diagnosis.failureClass().name()).register(registry).increment();
    }

    @Override
    public void onBlocked(Diagnosis diagnosis, GateDecision decision) {
        Counter.builder("selfheal.blocked").tag("gate", decision.gate()).register(registry).increment();
    }

    @Override
    public void onDomainStorm(String label, String domain, boolean isFrozen, String reason) {
        java.util.concurrent.atomic.AtomicInteger value = frozen.computeIfAbsent(label + "=" + domain, k -> registry.gauge(
                "selfheal.domain.frozen", io.micrometer.core.instrument.Tags.of("label", label, "domain", domain),
                new java.util.concurrent.atomic.AtomicInteger()));
        value.set(isFrozen ? 1 : 0);
        if (isFrozen) {
            Counter.builder("selfheal.domain.storms").tag("label", label).tag("domain", domain).register(registry).increment();
        }
    }

    @Override
    public void onStepFinished(Remediation remediation, String step, String outcome) {
        Counter.builder("selfheal.steps").tag("step", step).tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void onFinished(Remediation r) {
        Counter.builder("selfheal.remediations").tag("class", r.failureClass().name()).tag("outcome", r.state().name())
                .register(registry).increment();
        if (r.state() == dev.selfheal.core.remediation.RemediationState.SUCCEEDED) {
            Timer.builder("selfheal.time.to.recover").tag("class", r.failureClass().name())
                    .serviceLevelObjectives(RECOVERY_BUCKETS).register(registry)
                    .record(Duration.between(r.startedAt(), clock.instant()));
        }
    }
}
