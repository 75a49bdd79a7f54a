/**
 * The infrastructure provider SPI of Selfheal.
 *
 * <p>A provider lets the healer act on the machine under a Kubernetes node: read its power state and
 * health, reboot it, fence it (power off, confirmed), power it on, replace it and detach its volumes.
 * Providers are found with {@link java.util.ServiceLoader} through {@link
 * dev.selfheal.spi.InfrastructureProviderFactory}; {@link dev.selfheal.spi.ProviderDiscovery} does the
 * lookup. This package depends on the JDK and slf4j-api only, so a provider jar pulls in nothing else
 * of Selfheal.
 */
package dev.selfheal.spi;
