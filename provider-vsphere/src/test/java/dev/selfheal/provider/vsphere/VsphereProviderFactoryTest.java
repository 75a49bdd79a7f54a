package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.Capability;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import org.junit.jupiter.api.Test;

/** Discovery through ServiceLoader and validation at creation, without connecting. */
class VsphereProviderFactoryTest {

    private static ProviderConfig.Builder valid() {
        return ProviderConfig.builder("vsphere").set("url", "https://vcenter.invalid/sdk").set("username", "healer")
                .secret("password", "pw");
    }

    @Test
    void isFoundByServiceLoaderUnderTypeVsphere() {
        assertThat(ProviderDiscovery.load().factory("vsphere")).isInstanceOf(VsphereProviderFactory.class);
        assertThat(new VsphereProviderFactory().type()).isEqualTo("vsphere");
    }

    @Test
    void createsWithoutConnectingAndDeclaresItsCapabilities() {
        try (InfrastructureProvider p = ProviderDiscovery.load().create(ProviderContext.of(valid().build()))) {
            assertThat(p.type()).isEqualTo("vsphere");
            assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.POWER_STATUS, Capability.REBOOT,
                    Capability.POWER_OFF, Capability.POWER_ON, Capability.DETACH_VOLUMES);
            assertThat(p.toString()).contains("vcenter.invalid").doesNotContain("pw");
        }
        try (InfrastructureProvider p = new VsphereProviderFactory().create(ProviderContext.of(valid()
                .set("replace.strategy", "source").build()))) {
            assertThat(p.capabilities()).contains(Capability.REPLACE);
        }
    }

    @Test
    void rejectsABadConfigurationAtCreation() {
        assertThatThrownBy(() -> new VsphereProviderFactory().create(ProviderContext.of(valid()
                .set("timeout.task", "forever").build())))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("timeout.task")
                .hasMessageContaining("provider 'vsphere'");
    }
}
