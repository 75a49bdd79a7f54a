package dev.selfheal.core.provider;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.RetryableProviderException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer's only way to call providers. Each call runs on a worker thread under a time limit, is retried
 * with exponential backoff while the provider says the failure is retryable, passes through the provider's
 * circuit breaker, and, when destructive (reboot, power off, replace), through a rate limiter shared by all
 * providers. Failures come out as {@link ProviderException}s naming the machine and the call.
 * Thread-safe; {@link #close()} closes the providers.
 */
public final class ProviderGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderGateway.class);

    private final List<InfrastructureProvider> providers;
    private final ResilienceSettings settings;
    private final Map<InfrastructureProvider, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Retry retry;
    private final RateLimiter destructive;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "selfheal-provider-call");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param providers the providers, asked in order which one owns a node
     * @param settings retry, breaker, rate and time limits
     */
    public ProviderGateway(List<InfrastructureProvider> providers, ResilienceSettings settings) {
        this.providers = List.copyOf(providers);
        this.settings = settings;
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

    /** Whether any provider is configured. */
    public boolean hasProviders() {
        return !providers.isEmpty();
    }

    /** The provider and machine of a node; empty when no provider claims it. */
    public Optional<Machine> machineOf(NodeView node) {
        NodeDescriptor d = new NodeDescriptor(node.name(), node.providerId(), node.labels(), node.annotations());
        for (InfrastructureProvider p : providers) {
            Optional<Machine> m = p.resolve(d).map(ref -> new Machine(p, ref));
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** Whether the machine's provider offers a capability for it. */
    public boolean supports(Machine m, Capability c) {
        return m.provider().supports(m.ref(), c);
    }

    /** Power state and health. */
    public MachineStatus status(Machine m) {
        return call(m, "status", false, p -> p.status(m.ref()));
    }

    /** Reboot. */
    public ActionResult reboot(Machine m) {
        return call(m, "reboot", true, p -> p.reboot(m.ref()));
    }

    /** Fence: power off, confirmed. */
    public FenceResult fence(Machine m) {
        return call(m, "power-off", true, p -> p.powerOff(m.ref()));
    }

    /** Power on. */
    public ActionResult powerOn(Machine m) {
        return call(m, "power-on", false, p -> p.powerOn(m.ref()));
    }

    /** Replace. */
    public ReplaceResult replace(Machine m) {
        return call(m, "replace", true, p -> p.replace(m.ref()));
    }

    /** Detach data volumes. */
    public DetachResult detachVolumes(Machine m) {
        return call(m, "detach-volumes", false, p -> p.detachVolumes(m.ref()));
    }

    private <T> T call(Machine m, String operation, boolean isDestructive, Function<InfrastructureProvider, T> action) {
        CircuitBreaker breaker = breakers.computeIfAbsent(m.provider(), p -> CircuitBreaker.of("provider-" + p.type(),
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRateThreshold())
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(5)
                        .waitDurationInOpenState(settings.breakerOpenFor())
                        .recordException(e -> e instanceof ProviderException pe && pe.isRetryable())
                        .build()));
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, () -> action.apply(m.provider()));
        Supplier<T> retried = Retry.decorateSupplier(retry, guarded);
        Future<T> f = workers.submit(() -> {
            if (isDestructive && !destructive.acquirePermission()) {
                throw RequestNotPermitted.createRequestNotPermitted(destructive);
            }
            return retried.get();
        });
        try {
            return f.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RetryableProviderException(m.describe(), operation, "no result within " + settings.callTimeout(), e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryableProviderException(m.describe(), operation, "interrupted", e);
        } catch (ExecutionException e) {
            throw translate(m, operation, e.getCause());
        }
    }

    private static RuntimeException translate(Machine m, String operation, Throwable cause) {
        if (cause instanceof ProviderException pe) {
            return pe;
        }
        if (cause instanceof CallNotPermittedException) {
            return new RetryableProviderException(m.describe(), operation,
                    "provider '" + m.provider().type() + "' circuit breaker is open after repeated failures", cause);
        }
        if (cause instanceof RequestNotPermitted) {
            return new RetryableProviderException(m.describe(), operation, "destructive action rate limit reached", cause);
        }
        return new PermanentProviderException(m.describe(), operation, "unexpected error: " + cause, cause);
    }

    /** Stops the workers and closes every provider. */
    @Override
    public void close() {
        workers.shutdownNow();
        for (InfrastructureProvider p : providers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("closing provider {} failed: {}", p.type(), e.toString());
            }
        }
    }
}
