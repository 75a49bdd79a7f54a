package dev.selfheal.provider.aws;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InfrastructureProviderFactory;
import dev.selfheal.spi.ProviderContext;

/**
 * Creates {@link AwsProvider}s for the type {@code "aws"}; registered for {@link java.util.ServiceLoader}.
 * Validates the whole configuration ({@link AwsProviderConfig#from}) before building anything.
 */
public final class AwsProviderFactory implements InfrastructureProviderFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public AwsProviderFactory() {
    }

    @Override
    public String type() {
        return AwsProvider.TYPE;
    }

    @Override
    public InfrastructureProvider create(ProviderContext context) {
        return new AwsProvider(AwsProviderConfig.from(context.config()), context.clock(), context.guard());
    }
}
