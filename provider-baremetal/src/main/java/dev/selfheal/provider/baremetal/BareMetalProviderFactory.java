package dev.selfheal.provider.baremetal;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InfrastructureProviderFactory;
import dev.selfheal.spi.ProviderContext;

/**
 * Creates {@link BareMetalProvider}s (type {@code baremetal}); registered for {@link java.util.ServiceLoader}.
 * The whole configuration is validated before anything is created.
 */
public final class BareMetalProviderFactory implements InfrastructureProviderFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public BareMetalProviderFactory() {
    }

    @Override
    public String type() {
        return BareMetalProvider.TYPE;
    }

    @Override
    public InfrastructureProvider create(ProviderContext context) {
        return new BareMetalProvider(BareMetalProviderConfig.from(context.config()), context.clock());
    }
}
