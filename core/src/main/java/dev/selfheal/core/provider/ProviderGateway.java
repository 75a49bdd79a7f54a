package dev.selfheal.core.provider;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.spi.ActionGuard;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer's only way to call providers, and never from the decision thread. Every call, reads included,
 * runs on a worker thread under a time limit ({@link ResilienceSettings#readTimeout()} for reads, the caller's
 * limit or {@link ResilienceSettings#callTimeout()} for actions), is retried with exponential backoff while the
 * provider says the failure is retryable, passes the provider's circuit breaker and its bulkhead (reads and
 * actions apart), and, when destructive (reboot, power off, replace), a rate limiter shared by all providers.
 * Before every attempt of a mutating call the {@link ActionGuard} is asked. Failures come out as
 * {@link ProviderException}s naming the machine and the call. Thread-safe; {@link #close()} closes the providers.
 */
public final class ProviderGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderGateway.class);

    private final List<InfrastructureProvider> providers;
    private final ResilienceSettings settings;
    private final ActionGuard guard;
    private final GuardedCalls calls;
    private final Map<InfrastructureProvider, ProviderLimits> limits = new ConcurrentHashMap<>();

    /**
     * @param providers the providers, asked in order which one owns a node
     * @param settings retry, breaker, bulkhead, rate and time limits
     */
    public ProviderGateway(List<InfrastructureProvider> providers, ResilienceSettings settings) {
        this(providers, settings, ActionGuard.ALWAYS);
    }

    /**
     * @param providers the providers, asked in order which one owns a node
     * @param settings retry, breaker, bulkhead, rate and time limits
     * @param guard asked before every attempt of a mutating call
     */
    public ProviderGateway(List<InfrastructureProvider> providers, ResilienceSettings settings, ActionGuard guard) {
        this(providers, settings, guard, ProviderCallObserver.NONE);
    }

    /**
     * @param providers the providers, asked in order which one owns a node
     * @param settings retry, breaker, bulkhead, rate and time limits
     * @param guard asked before every attempt of a mutating call
     * @param observer hears the end of every call (for meters)
     */
    public ProviderGateway(List<InfrastructureProvider> providers, ResilienceSettings settings, ActionGuard guard,
                           ProviderCallObserver observer) {
        this.providers = List.copyOf(providers);
        this.settings = settings;
        this.guard = guard;
        this.calls = new GuardedCalls(settings, observer);
    }

    /**
     * The state of every provider's circuit breaker by provider type: {@code CLOSED} (calls go through),
     * {@code OPEN} (calls are refused after repeated failures) or {@code HALF_OPEN} (trying again).
     */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new java.util.LinkedHashMap<>();
        for (InfrastructureProvider p : providers) {
            states.merge(p.type(), limitsOf(p).breaker().getState().name(), ProviderGateway::worse);
        }
        return states;
    }

    /** Of two providers of the same type, the state that needs attention first. */
    private static String worse(String a, String b) {
        return "OPEN".equals(a) || "OPEN".equals(b) ? "OPEN" : "HALF_OPEN".equals(a) || "HALF_OPEN".equals(b) ? "HALF_OPEN" : a;
    }

    /** Whether any provider is configured. */
    public boolean hasProviders() {
        return !providers.isEmpty();
    }

    /**
     * The provider and machine of a node; empty when no provider claims it. A read: bounded by the read limit.
     *
     * @throws ProviderException when a provider refuses the node's reference (such as a malformed providerID) or
     *     does not answer in time
     */
    public Optional<Machine> resolve(NodeView node) {
        NodeDescriptor d = new NodeDescriptor(node.name(), node.providerId(), node.labels(), node.annotations());
        for (InfrastructureProvider p : providers) {
            Optional<Machine> m = calls.run(new Call<>(p, "node " + node.name(), "resolve", Kind.READ, null,
                    settings.readTimeout()), limitsOf(p), provider -> provider.resolve(d)).map(ref -> new Machine(p, ref));
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** What the machine's provider can do for it. A read. */
    public Set<Capability> capabilities(Machine m) {
        Set<Capability> c = read(m, "capabilities", p -> p.capabilities(m.ref()));
        return c.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(c));
    }

    /** Power state and health. A read. */
    public MachineStatus status(Machine m) {
        return read(m, "status", p -> p.status(m.ref()));
    }

    /** What the provider records about the machine while it exists, as Node annotations. A read. */
    public Map<String, String> provenance(Machine m) {
        return Map.copyOf(read(m, "provenance", p -> p.provenance(m.ref())));
    }

    /** Reboot, within {@code limit}. */
    public ActionResult reboot(Machine m, Duration limit) {
        return act(m, "reboot", true, limit, p -> p.reboot(m.ref()));
    }

    /** Fence: power off, confirmed, within {@code limit}. */
    public FenceResult fence(Machine m, Duration limit) {
        return act(m, "power-off", true, limit, p -> p.powerOff(m.ref()));
    }

    /** Power on, within {@code limit}. */
    public ActionResult powerOn(Machine m, Duration limit) {
        return act(m, "power-on", false, limit, p -> p.powerOn(m.ref()));
    }

    /** Replace, within {@code limit}. */
    public ReplaceResult replace(Machine m, Duration limit) {
        return act(m, "replace", true, limit, p -> p.replace(m.ref()));
    }

    /** Detach data volumes, within {@code limit}. */
    public DetachResult detachVolumes(Machine m, Duration limit) {
        return act(m, "detach-volumes", false, limit, p -> p.detachVolumes(m.ref()));
    }

    private <T> T read(Machine m, String operation, Function<InfrastructureProvider, T> action) {
        return calls.run(new Call<>(m.provider(), m.describe(), operation, Kind.READ, null, settings.readTimeout()),
                limitsOf(m.provider()), action);
    }

    private <T> T act(Machine m, String operation, boolean destructive, Duration limit,
                      Function<InfrastructureProvider, T> action) {
        Duration bounded = limit == null || limit.compareTo(settings.callTimeout()) > 0 ? settings.callTimeout() : limit;
        return calls.run(new Call<>(m.provider(), m.describe(), operation, destructive ? Kind.DESTRUCTIVE : Kind.ACTION,
                guard, bounded), limitsOf(m.provider()), action);
    }

    private ProviderLimits limitsOf(InfrastructureProvider p) {
        return limits.computeIfAbsent(p, x -> new ProviderLimits(x.type(), settings));
    }

    /** What kind of call: reads and actions have their own limits and bulkheads. */
    enum Kind {
        READ, ACTION, DESTRUCTIVE
    }

    /**
     * One call as the guards see it.
     *
     * @param provider the provider
     * @param machine the machine (or node) in human form
     * @param operation the call's name
     * @param kind read, action or destructive action
     * @param guard asked before each attempt of an action, or null for reads
     * @param limit the call's time limit, retries included
     */
    record Call<T>(InfrastructureProvider provider, String machine, String operation, Kind kind, ActionGuard guard,
                   Duration limit) {
    }

    /** Stops the workers and closes every provider. */
    @Override
    public void close() {
        calls.close();
        for (InfrastructureProvider p : providers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("closing provider {} failed: {}", p.type(), e.toString());
            }
        }
    }
}
