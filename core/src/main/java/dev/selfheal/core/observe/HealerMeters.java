package dev.selfheal.core.observe;

import dev.selfheal.core.provider.ProviderCallObserver;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The healer's state as Micrometer meters, read when they are scraped (the counters of decisions are
 * {@link MicrometerListener}'s):
 * <ul>
 *   <li>{@code selfheal.leader}: 1 while this healer leads and acts (or leader election is off), else 0;</li>
 *   <li>{@code selfheal.ready}: 1 once every watch is established, else 0;</li>
 *   <li>{@code selfheal.storm.frozen}: 1 while a storm freeze (a storm or its cooldown) holds, else 0;</li>
 *   <li>{@code selfheal.remediations.current} (tag {@code state}): nodes whose latest remediation is in that
 *       state; {@code FAILED} ones wait for a person;</li>
 *   <li>{@code selfheal.nodes.attempts.exhausted}: nodes that used up their remediation attempts within the
 *       attempt window (a new failure of theirs is not remediated);</li>
 *   <li>{@code selfheal.provider.breaker.state} (tags {@code provider}, {@code state} = {@code closed},
 *       {@code open}, {@code half_open}): 1 for the breaker's current state, 0 for the others;</li>
 *   <li>the timer {@code selfheal.provider.calls} (tags {@code provider}, {@code operation}, {@code outcome}):
 *       provider call latency, retries included.</li>
 * </ul>
 * Followers load no remediation records and keep no storm state: read the remediation and storm meters of the
 * leader (or the maximum over all healers).
 */
public final class HealerMeters implements ProviderCallObserver {

    private static final List<String> BREAKER_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN");
    private static final Duration[] CALL_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5)};

    private final MeterRegistry registry;

    /**
     * Where the meters read the healer's state.
     *
     * @param leader whether this healer acts now
     * @param ready whether every watch is established
     * @param stormFrozen whether a storm freeze holds now
     * @param remediations the latest remediation of every node this healer knows
     * @param exhausted whether a node with that latest remediation used up its attempts now
     * @param breakers every provider's breaker state by provider type ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN})
     */
    public record Sources(BooleanSupplier leader, BooleanSupplier ready, BooleanSupplier stormFrozen,
                          Supplier<Collection<Remediation>> remediations, Predicate<Remediation> exhausted,
                          Supplier<Map<String, String>> breakers) {
    }

    private HealerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the gauges on {@code registry}; returns the observer that times provider calls into it.
     *
     * @param registry the application's registry
     * @param sources where the gauges read the healer's state
     * @param providerTypes the types of the configured providers (one breaker gauge set each)
     */
    public static ProviderCallObserver bind(MeterRegistry registry, Sources sources, Collection<String> providerTypes) {
        flag(registry, "selfheal.leader", "1 while this healer leads and acts", sources.leader());
        flag(registry, "selfheal.ready", "1 once every watch of the healer is established", sources.ready());
        flag(registry, "selfheal.storm.frozen", "1 while a storm freeze (storm or cooldown) holds", sources.stormFrozen());
        for (RemediationState state : RemediationState.values()) {
            Gauge.builder("selfheal.remediations.current", sources, s -> count(s, r -> r.state() == state))
                    .description("nodes whose latest remediation is in this state").tag("state", state.name())
                    .strongReference(true).register(registry);
        }
        Gauge.builder("selfheal.nodes.attempts.exhausted", sources, s -> count(s, s.exhausted()))
                .description("nodes whose remediation attempts within the attempt window are used up")
                .strongReference(true).register(registry);
        for (String type : providerTypes) {
            for (String state : BREAKER_STATES) {
                Gauge.builder("selfheal.provider.breaker.state", sources,
                                s -> state.equals(s.breakers().get().get(type)) ? 1 : 0)
                        .description("1 for the current state of the provider's circuit breaker")
                        .tag("provider", type).tag("state", state.toLowerCase(Locale.ROOT)).strongReference(true)
                        .register(registry);
            }
        }
        return new HealerMeters(registry);
    }

    private static void flag(MeterRegistry registry, String name, String description, BooleanSupplier value) {
        Gauge.builder(name, value, v -> v.getAsBoolean() ? 1 : 0).description(description).strongReference(true)
                .register(registry);
    }

    private static double count(Sources s, Predicate<Remediation> which) {
        return s.remediations().get().stream().filter(which).count();
    }

    @Override
    public void onCall(String provider, String operation, String outcome, Duration took) {
        Timer.builder("selfheal.provider.calls").description("provider call latency, retries included")
                .tag("provider", provider).tag("operation", operation).tag("outcome", outcome)
                .serviceLevelObjectives(CALL_BUCKETS).register(registry).record(took);
    }
}
