package dev.selfheal.core.provider;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.provider.ProviderGateway.Call;
import dev.selfheal.core.provider.ProviderGateway.Kind;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one provider call under every guard: the provider's bulkhead (held until the call really returns, so a
 * hanging provider holds at most its bulkhead), the destructive rate limiter, the retry, the circuit breaker, the
 * {@link dev.selfheal.spi.ActionGuard} before each attempt of an action, and the call's time limit.
 */
final class GuardedCalls implements AutoCloseable {

    /** How a refusal by the bulkhead starts its message. */
    private static final String BULKHEAD_FULL = "bulkhead full";

    private final Retry retry;
    private final RateLimiter destructive;
    private final ProviderCallObserver observer;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "selfheal-provider-call");
        t.setDaemon(true);
        return t;
    });

    GuardedCalls(ResilienceSettings settings, ProviderCallObserver observer) {
        this.observer = observer;
        this.retry = Retry.of("selfheal-provider", RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2.0))
                .retryOnException(e -> e instanceof ProviderException pe && pe.isRetryable())
                .failAfterMaxAttempts(false)
                .build());
        this.destructive = RateLimiter.of("selfheal-destructive", RateLimiterConfig.custom()
                .limitForPeriod(settings.destructivePerMinute())
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    <T> T run(Call<?> call, ProviderLimits limits, Function<InfrastructureProvider, T> action) {
        long t0 = System.nanoTime();
        String outcome = ProviderCallObserver.FAILED;
        try {
            T result = guarded(call, limits, action);
            outcome = ProviderCallObserver.OK;
            return result;
        } catch (ProviderException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            observe(call, outcome, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private static String outcomeOf(ProviderException e) {
        Throwable cause = e.getCause();
        if (cause instanceof TimeoutException) {
            return ProviderCallObserver.TIMED_OUT;
        }
        if (cause instanceof CallNotPermittedException || cause instanceof RequestNotPermitted
                || e.getMessage() != null && e.getMessage().contains(BULKHEAD_FULL)) {
            return ProviderCallObserver.REJECTED;
        }
        return ProviderCallObserver.FAILED;
    }

    private void observe(Call<?> call, String outcome, Duration took) {
        try {
            observer.onCall(call.provider().type(), call.operation(), outcome, took);
        } catch (RuntimeException e) {
            // a meter must never break a provider call
        }
    }

    private <T> T guarded(Call<?> call, ProviderLimits limits, Function<InfrastructureProvider, T> action) {
        Semaphore bulkhead = limits.bulkhead(call.kind() == Kind.READ);
        if (!bulkhead.tryAcquire()) {
            throw new RetryableProviderException(call.machine(), call.operation(), BULKHEAD_FULL + ": provider '"
                    + call.provider().type() + "' already has " + (call.kind() == Kind.READ ? "reads" : "actions")
                    + " in flight up to its limit");
        }
        Future<T> f;
        try {
            f = workers.submit(() -> {
                try {
                    return attempts(call, limits.breaker(), action).get();
                } finally {
                    bulkhead.release();
                }
            });
        } catch (RejectedExecutionException e) {
            bulkhead.release();
            throw new RetryableProviderException(call.machine(), call.operation(), "the healer is closing", e);
        }
        return await(call, f);
    }

    private <T> Supplier<T> attempts(Call<?> call, CircuitBreaker breaker, Function<InfrastructureProvider, T> action) {
        if (call.kind() == Kind.DESTRUCTIVE && !destructive.acquirePermission()) {
            throw RequestNotPermitted.createRequestNotPermitted(destructive);
        }
        Supplier<T> attempt = () -> {
            if (call.guard() != null) {
                call.guard().check(call.machine(), call.operation());
            }
            return action.apply(call.provider());
        };
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, attempt));
    }

    private static <T> T await(Call<?> call, Future<T> f) {
        try {
            return f.get(call.limit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RetryableProviderException(call.machine(), call.operation(), "no result within " + call.limit(), e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryableProviderException(call.machine(), call.operation(), "interrupted", e);
        } catch (ExecutionException e) {
            throw translate(call, e.getCause());
        }
    }

    private static RuntimeException translate(Call<?> call, Throwable cause) {
        if (cause instanceof ProviderException pe) {
            return pe;
        }
        if (cause instanceof CallNotPermittedException) {
            return new RetryableProviderException(call.machine(), call.operation(),
                    "provider '" + call.provider().type() + "' circuit breaker is open after repeated failures", cause);
        }
        if (cause instanceof RequestNotPermitted) {
            return new RetryableProviderException(call.machine(), call.operation(), "destructive action rate limit reached",
                    cause);
        }
        return new PermanentProviderException(call.machine(), call.operation(), "unexpected error: " + cause, cause);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
