package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

/** Resolving providerIDs needs no vCenter call. */
class MachineLocatorTest {

    private final MachineLocator locator = new MachineLocator(null, VsphereProviderConfig.from(ProviderConfig.builder("vsphere")
            .set("url", "https://vc.example.com").set("username", "u").secret("password", "p").build()));

    @Test
    void aVsphereProviderIdBecomesTheLowerCaseBiosUuid() {
        MachineRef ref = locator.resolve(NodeDescriptor.of("worker-1", "vsphere://4237E0B1-5E43-2C4B-7B8D-0E3A6F1C9D21")).orElseThrow();

        assertThat(ref.providerType()).isEqualTo("vsphere");
        assertThat(ref.id()).isEqualTo("4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21");
        assertThat(ref.nodeName()).isEqualTo("worker-1");
        assertThat(locator.resolve(NodeDescriptor.of("w2", "vsphere:///4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21")))
                .get().extracting(MachineRef::id).isEqualTo("4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21");
    }

    @Test
    void otherNodesAreNotThisProvidersAndBadIdsAreRejected() {
        assertThat(locator.resolve(NodeDescriptor.of("a", "aws:///us-east-1a/i-0abc"))).isEmpty();
        assertThat(locator.resolve(NodeDescriptor.of("b", null))).isEmpty();
        assertThatThrownBy(() -> locator.resolve(NodeDescriptor.of("c", "vsphere://vm-62")))
                .isInstanceOf(InvalidMachineReferenceException.class).hasMessageContaining("node c")
                .hasMessageContaining("'vsphere://vm-62'");
        assertThatThrownBy(() -> locator.resolve(NodeDescriptor.of("d", "4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21")))
                .isInstanceOf(InvalidMachineReferenceException.class);
    }
}
