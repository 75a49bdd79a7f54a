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
 * @param readTimeout time limit of one provider read (resolve, capabilities, status), retries included (default 10 s):
 *        reads inform judging and must come back in seconds; actions have {@code callTimeout}
 * @param bulkhead calls one provider may have in flight at once, for reads and for actions each (default 8): a provider
 *        whose calls hang holds at most this many threads, and other providers are unaffected
 */
public record ResilienceSettings(int retryAttempts, Duration retryBackoff, Duration callTimeout, int failureRateThreshold,
                                 Duration breakerOpenFor, int destructivePerMinute, Duration readTimeout, int bulkhead) {

    /** Validates every field. */
    public ResilienceSettings {
        Validate.range("resilience.retryAttempts", retryAttempts, 1, 20);
        Validate.duration("resilience.retryBackoff", retryBackoff, Duration.ofMillis(10), Duration.ofMinutes(5));
        Validate.duration("resilience.callTimeout", callTimeout, Duration.ofSeconds(1), Duration.ofHours(2));
        Validate.range("resilience.failureRateThreshold", failureRateThreshold, 1, 100);
        Validate.duration("resilience.breakerOpenFor", breakerOpenFor, Duration.ofSeconds(1), Duration.ofHours(1));
        Validate.range("resilience.destructivePerMinute", destructivePerMinute, 1, 10_000);
        Validate.duration("resilience.readTimeout", readTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
        Validate.range("resilience.bulkhead", bulkhead, 1, 1_000);
    }

    /** Settings with the default read limit (10 s) and bulkhead (8). */
    public ResilienceSettings(int retryAttempts, Duration retryBackoff, Duration callTimeout, int failureRateThreshold,
                              Duration breakerOpenFor, int destructivePerMinute) {
        this(retryAttempts, retryBackoff, callTimeout, failureRateThreshold, breakerOpenFor, destructivePerMinute,
                Duration.ofSeconds(10), 8);
    }

    /** Production defaults. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(3, Duration.ofSeconds(1), Duration.ofMinutes(35), 50, Duration.ofSeconds(60), 10,
                Duration.ofSeconds(10), 8);
    }
}
