package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.Capability;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the provider decides without calling AWS: discovery, resolving nodes, refusing foreign machines. */
class AwsProviderTest {

    private static InfrastructureProvider provider(ProviderConfig.Builder config) {
        return ProviderDiscovery.load().create(ProviderContext.of(config.build()));
    }

    @Test
    void isFoundThroughServiceLoaderAsAws() {
        assertThat(ProviderDiscovery.load().knownTypes()).contains("aws");
        try (InfrastructureProvider p = provider(ProviderConfig.builder("AWS"))) {
            assertThat(p).isInstanceOf(AwsProvider.class);
            assertThat(p.type()).isEqualTo("aws");
            assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.values());
        }
    }

    @Test
    void factoryValidatesTheWholeConfigFirst() {
        assertThatThrownBy(() -> provider(ProviderConfig.builder("aws").set("maxAttempts", "99")))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("maxAttempts");
    }

    @Test
    void resolvesAwsNodesAndLeavesOthersAlone() {
        try (InfrastructureProvider p = provider(ProviderConfig.builder("aws"))) {
            MachineRef m = p.resolve(NodeDescriptor.of("w1", "aws:///eu-west-1c/i-0123456789abcdef0")).orElseThrow();
            assertThat(m).isEqualTo(new MachineRef("aws", "i-0123456789abcdef0", "w1", Map.of("zone", "eu-west-1c",
                    "region", "eu-west-1", "providerID", "aws:///eu-west-1c/i-0123456789abcdef0")));
            assertThat(p.resolve(NodeDescriptor.of("v1", "vsphere://4201-abcd"))).isEmpty();
            assertThat(p.resolve(NodeDescriptor.of("k1", null))).isEmpty();
            assertThatThrownBy(() -> p.resolve(NodeDescriptor.of("w2", "aws:///eu-west-1c/vol-0123")))
                    .isInstanceOf(InvalidMachineReferenceException.class)
                    .hasMessageContaining("node w2").hasMessageContaining("'aws:///eu-west-1c/vol-0123'");
            assertThatThrownBy(() -> p.resolve(NodeDescriptor.of("w3", "aws:///i-0123456789abcdef0")))
                    .isInstanceOf(InvalidMachineReferenceException.class)
                    .hasMessageContaining("node w3").hasMessageContaining("set 'region'");
        }
    }

    @Test
    void aZonelessProviderIdUsesTheConfiguredRegion() {
        try (InfrastructureProvider p = provider(ProviderConfig.builder("aws").set("region", "ap-south-1"))) {
            MachineRef m = p.resolve(NodeDescriptor.of("w1", "aws:///i-0123456789abcdef0")).orElseThrow();
            assertThat(m.attribute("region")).isEqualTo("ap-south-1");
            assertThat(m.attribute("zone")).isNull();
        }
    }

    @Test
    void foreignProviderIdsCanBeRejected() {
        try (InfrastructureProvider p = provider(ProviderConfig.builder("aws").set("rejectForeignProviderIds", "true"))) {
            assertThatThrownBy(() -> p.resolve(NodeDescriptor.of("v1", "vsphere://4201-abcd")))
                    .isInstanceOf(InvalidMachineReferenceException.class)
                    .hasMessageContaining("node v1").hasMessageContaining("'vsphere://4201-abcd'");
            assertThatThrownBy(() -> p.resolve(NodeDescriptor.of("k1", null)))
                    .isInstanceOf(InvalidMachineReferenceException.class).hasMessageContaining("no spec.providerID");
        }
    }

    @Test
    void refusesMachinesOfOtherProvidersBeforeCallingAws() {
        try (InfrastructureProvider p = provider(ProviderConfig.builder("aws").set("region", "us-east-1"))) {
            assertThatThrownBy(() -> p.powerOff(MachineRef.of("vsphere", "4201-abcd", "v1")))
                    .isInstanceOf(InvalidMachineReferenceException.class)
                    .hasMessageContaining("node v1").hasMessageContaining("vsphere:4201-abcd");
            assertThatThrownBy(() -> p.status(MachineRef.of("aws", "not-an-instance", "a1")))
                    .isInstanceOf(InvalidMachineReferenceException.class).hasMessageContaining("EC2 instance id");
        }
        try (InfrastructureProvider p = provider(ProviderConfig.builder("aws"))) {
            assertThatThrownBy(() -> p.status(MachineRef.of("aws", "i-0123456789abcdef0", "a1")))
                    .isInstanceOf(InvalidMachineReferenceException.class).hasMessageContaining("no usable region");
        }
    }
}
