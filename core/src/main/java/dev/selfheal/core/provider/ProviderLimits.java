package dev.selfheal.core.provider;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.spi.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.Semaphore;

/**
 * One provider's own limits: its circuit breaker and its two bulkheads (reads and actions), so a provider whose
 * calls fail or hang never holds another provider's calls, and hanging actions never starve its reads.
 */
final class ProviderLimits {

    private final CircuitBreaker breaker;
    private final Semaphore reads;
    private final Semaphore actions;

    ProviderLimits(String type, ResilienceSettings settings) {
        this.breaker = CircuitBreaker.of("provider-" + type, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .recordException(e -> e instanceof ProviderException pe && pe.isRetryable())
                .build());
        this.reads = new Semaphore(settings.bulkhead());
        this.actions = new Semaphore(settings.bulkhead());
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** The bulkhead of reads or of actions. */
    Semaphore bulkhead(boolean read) {
        return read ? reads : actions;
    }
}
