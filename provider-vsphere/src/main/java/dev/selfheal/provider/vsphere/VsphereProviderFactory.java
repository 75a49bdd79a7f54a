package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.SoapVimClient;
import dev.selfheal.provider.vsphere.internal.VimEndpoint;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InfrastructureProviderFactory;
import dev.selfheal.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@link VsphereProvider}s (type {@code vsphere}); registered for {@link java.util.ServiceLoader}. The
 * whole configuration is validated here; no connection is made until the first call.
 */
public final class VsphereProviderFactory implements InfrastructureProviderFactory {

    private static final Logger LOG = LoggerFactory.getLogger(VsphereProviderFactory.class);

    /** Used by {@link java.util.ServiceLoader}. */
    public VsphereProviderFactory() {
    }

    @Override
    public String type() {
        return MachineLocator.TYPE;
    }

    @Override
    public InfrastructureProvider create(ProviderContext context) {
        VsphereProviderConfig config = VsphereProviderConfig.from(context.config());
        if (config.tlsInsecure()) {
            LOG.warn("vSphere provider '{}': TLS verification of {} is OFF (tls.insecure=true); anyone on the network path"
                    + " can impersonate vCenter and capture the login. Use tls.trustStore outside labs.",
                    context.config().name(), config.url());
        }
        VimEndpoint endpoint = new VimEndpoint(config.url(), config.username(), config.password(), config.tls().context(),
                config.timeouts().connect(), config.timeouts().request(), config.keepAlive(), context.clock());
        return new VsphereProvider(config, new SoapVimClient(endpoint), context.clock());
    }
}
