package dev.selfheal.core.config;

import java.time.Duration;

/**
 * Resilience around provider calls (resilience4j).
 *
 * @param retryAttempts attempts of a call that failed with a retryable error, the first included (default 3)
 * @param retryBackoff the wait before the first retry, doubled after each (default 1 s)
 * @param callTimeout time limit of one provider call, retries included: a backstop above the providers' own limits
 *        (default 35 min: the AWS provider's replace waits up to 20 min for the new instance, a vSphere clone up to 30 min)
 * @param failureRateThreshold percentage of failed calls that opens a provider's circuit breaker (default 50)
 * @param breakerOpenFor how long an open circuit breaker rejects calls (default 60 s)
 * @param destructivePerMinute destructive provider actions (reboot, power off, replace) allowed per minute (default 10)
 */
public record ResilienceSettings(int retryAttempts, Duration retryBackoff, Duration callTimeout, int failureRateThreshold,
                                 Duration breakerOpenFor, int destructivePerMinute) {

    /** Validates every field. */
    public ResilienceSettings {
        Validate.range("resilience.retryAttempts", retryAttempts, 1, 20);
        Validate.duration("resilience.retryBackoff", retryBackoff, Duration.ofMillis(10), Duration.ofMinutes(5));
        Validate.duration("resilience.callTimeout", callTimeout, Duration.ofSeconds(1), Duration.ofHours(2));
        Validate.range("resilience.failureRateThreshold", failureRateThreshold, 1, 100);
        Validate.duration("resilience.breakerOpenFor", breakerOpenFor, Duration.ofSeconds(1), Duration.ofHours(1));
        Validate.range("resilience.destructivePerMinute", destructivePerMinute, 1, 10_000);
    }

    /** Production defaults. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(3, Duration.ofSeconds(1), Duration.ofMinutes(35), 50, Duration.ofSeconds(60), 10);
    }
}
