package dev.selfheal.core.provider;

import java.time.Duration;

/**
 * Hears the end of every provider call the {@link ProviderGateway} makes (retries included), for meters. Called
 * on the caller's thread: return quickly and never throw.
 */
@FunctionalInterface
public interface ProviderCallObserver {

    /** Hears nothing. */
    ProviderCallObserver NONE = (provider, operation, outcome, took) -> { };

    /** The call succeeded. */
    String OK = "ok";
    /** The provider answered with an error. */
    String FAILED = "failed";
    /** No answer within the call's limit. */
    String TIMED_OUT = "timed-out";
    /** Not made: the circuit breaker is open, the bulkhead full or the destructive rate limit reached. */
    String REJECTED = "rejected";

    /**
     * @param provider the provider's type
     * @param operation the call ({@code resolve}, {@code status}, {@code reboot}, {@code power-off}, ...)
     * @param outcome {@link #OK}, {@link #FAILED}, {@link #TIMED_OUT} or {@link #REJECTED}
     * @param took how long the call took, retries included
     */
    void onCall(String provider, String operation, String outcome, Duration took);
}
