/**
 * Selfheal's bare-metal infrastructure provider (type {@code baremetal}): physical machines acted on
 * through their BMCs with Redfish, IPMI ({@code ipmitool}) or ClusterLabs fence agents. Create it through
 * {@link dev.selfheal.spi.ProviderDiscovery} with a {@link dev.selfheal.spi.ProviderConfig} of type
 * {@code baremetal}; see the module's README for the configuration reference.
 */
package dev.selfheal.provider.baremetal;
