package dev.selfheal.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link InfrastructureProviderFactory} implementations with {@link ServiceLoader}: the thread's
 * context class loader first, then the class loader of this SPI (so it works in plain apps, containers
 * and plugin hosts alike). Per type the factory with the highest {@link
 * InfrastructureProviderFactory#priority()} wins; two factories with the same type are reported with a
 * warning. An unknown type fails with the list of known types.
 *
 * <p>Instances are immutable snapshots of what was found and are thread-safe.
 */
public final class ProviderDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderDiscovery.class);

    private final Map<String, InfrastructureProviderFactory> byType;

    private ProviderDiscovery(Map<String, InfrastructureProviderFactory> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Discovers factories from the context class loader, then from this SPI's class loader. */
    public static ProviderDiscovery load() {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(ProviderDiscovery.class.getClassLoader());
        return load(loaders);
    }

    /** Discovers factories from the given class loaders, in order. */
    public static ProviderDiscovery load(List<ClassLoader> loaders) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        List<InfrastructureProviderFactory> found = new ArrayList<>();
        for (ClassLoader loader : loaders) {
            try {
                for (InfrastructureProviderFactory f : ServiceLoader.load(InfrastructureProviderFactory.class, loader)) {
                    if (seen.add(f.getClass())) {
                        found.add(f);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("a provider registered in META-INF/services/"
                        + InfrastructureProviderFactory.class.getName() + " could not be loaded: " + e.getMessage(), e);
            }
        }
        return of(found);
    }

    /** A discovery over explicitly given factories (programmatic registration). */
    public static ProviderDiscovery of(List<? extends InfrastructureProviderFactory> factories) {
        Map<String, InfrastructureProviderFactory> byType = new LinkedHashMap<>();
        for (InfrastructureProviderFactory f : factories) {
            String type = normalize(f.type());
            InfrastructureProviderFactory current = byType.get(type);
            if (current == null) {
                byType.put(type, f);
                continue;
            }
            InfrastructureProviderFactory winner = f.priority() > current.priority() ? f : current;
            InfrastructureProviderFactory loser = winner == f ? current : f;
            LOG.warn("two infrastructure provider factories claim type '{}': {} (priority {}) and {} (priority {}); using {}",
                    type, current.getClass().getName(), current.priority(), f.getClass().getName(), f.priority(),
                    winner.getClass().getName());
            if (winner.priority() == loser.priority()) {
                LOG.warn("the two factories for type '{}' have equal priority; raise priority() of the one to use", type);
            }
            byType.put(type, winner);
        }
        return new ProviderDiscovery(byType);
    }

    /** The types found, sorted. */
    public Set<String> knownTypes() {
        return Collections.unmodifiableSet(new TreeSet<>(byType.keySet()));
    }

    /**
     * The factory for a type.
     *
     * @throws ProviderNotFoundException naming the known types when none claims {@code type}
     */
    public InfrastructureProviderFactory factory(String type) {
        InfrastructureProviderFactory f = byType.get(normalize(type));
        if (f == null) {
            throw new ProviderNotFoundException(type, knownTypes());
        }
        return f;
    }

    /** Creates a provider for the config's type. */
    public InfrastructureProvider create(ProviderContext context) {
        InfrastructureProvider provider = factory(context.config().type()).create(context);
        if (provider == null) {
            throw new IllegalStateException("factory for type '" + context.config().type() + "' returned null");
        }
        return provider;
    }

    private static String normalize(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("provider type must not be blank");
        }
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
