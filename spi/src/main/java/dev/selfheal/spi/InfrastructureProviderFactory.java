package dev.selfheal.spi;

/**
 * Creates {@link InfrastructureProvider}s of one type. Implementations are registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.selfheal.spi.InfrastructureProviderFactory}
 * and need a public no-argument constructor.
 *
 * <p>When two factories claim one type, the one with the higher {@link #priority()} wins and a warning
 * is logged, so a site can override a built-in provider with its own.
 */
public interface InfrastructureProviderFactory {

    /** The provider type this factory creates, such as {@code "aws"}. Lower case. */
    String type();

    /** Precedence among factories of one type; higher wins. Built-in providers use 0. */
    default int priority() {
        return 0;
    }

    /**
     * Creates a provider. Validates the whole configuration first.
     *
     * @throws InvalidProviderConfigException naming the field and the allowed values when the config is bad
     */
    InfrastructureProvider create(ProviderContext context);
}
