package dev.selfheal.examples.customprovider;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InfrastructureProviderFactory;
import dev.selfheal.spi.ProviderContext;

/** Creates {@link CommandProvider}s; registered for ServiceLoader under type {@value #TYPE}. */
public final class CommandProviderFactory implements InfrastructureProviderFactory {

    /** The provider type. */
    public static final String TYPE = "command";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public InfrastructureProvider create(ProviderContext context) {
        return new CommandProvider(CommandProviderConfig.from(context.config()), context.clock());
    }
}
