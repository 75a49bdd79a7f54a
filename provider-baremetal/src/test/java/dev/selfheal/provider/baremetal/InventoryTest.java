package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.provider.baremetal.inventory.Inventory;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final String P = BmcFixtures.PREFIX;

    private static Inventory inventory(ProviderConfig.Builder b) {
        BareMetalProviderConfig c = BareMetalProviderConfig.from(b.build());
        return new Inventory("baremetal", c.inventory().defaults(), c.inventory().nodes(), c.labelPrefix(), c.nodeLabels());
    }

    @Test
    void aListedNodeUsesItsConfigEntryAndRoundTripsThroughTheMachineRef() {
        Inventory inv = inventory(ProviderConfig.builder("baremetal").set("credentials", "secret:bmc")
                .set("nodes.w1.address", "https://10.0.0.5:8443").set("nodes.w1.system", "System.Embedded.1"));
        MachineRef m = inv.resolve(NodeDescriptor.of("w1", null)).orElseThrow();
        assertThat(m.providerType()).isEqualTo("baremetal");
        assertThat(m.id()).isEqualTo("redfish://10.0.0.5:8443/System.Embedded.1");
        assertThat(m.attributes()).containsEntry("address", "https://10.0.0.5:8443").containsEntry("credentials", "secret:bmc");
        BmcTarget t = BmcTarget.of(m);
        assertThat(t.protocol()).isEqualTo(Protocol.REDFISH);
        assertThat(t.address().portOr(443)).isEqualTo(8443);
        assertThat(t.credentials()).isEqualTo(new CredentialsRef(CredentialsRef.Kind.SECRET, "bmc"));
    }

    @Test
    void otherNodesAreFoundByLabelsAndAnnotationsWithDefaults() {
        Inventory inv = inventory(ProviderConfig.builder("baremetal").set("protocol", "ipmi").set("credentials", "secret:rack"));
        NodeDescriptor labelled = new NodeDescriptor("w2", "metal3://ns/bmh-w2", Map.of(P + "address", "10.0.0.6"),
                Map.of(P + "credentials", "secret:w2-bmc"));
        MachineRef m = inv.resolve(labelled).orElseThrow();
        assertThat(m.id()).isEqualTo("ipmi://10.0.0.6");
        assertThat(m.attribute("credentials")).isEqualTo("secret:w2-bmc");
        NodeDescriptor fence = new NodeDescriptor("w3", null, Map.of(P + "protocol", "fence-agent", P + "agent", "fence_aws"),
                Map.of(P + "system", "i-0abc"));
        assertThat(inv.resolve(fence).orElseThrow().id()).isEqualTo("fence_aws:///i-0abc");
    }

    @Test
    void aNodeWithoutBmcIsNotOurs() {
        Inventory inv = inventory(ProviderConfig.builder("baremetal").set("credentials", "secret:bmc"));
        assertThat(inv.resolve(NodeDescriptor.of("cloud-1", "aws:///us-east-1a/i-0abc"))).isEmpty();
        Inventory noLabels = inventory(ProviderConfig.builder("baremetal").set("credentials", "secret:bmc").set("nodeLabels", "false"));
        assertThat(noLabels.resolve(BmcFixtures.annotatedNode("w1", "redfish", "10.0.0.1"))).isEmpty();
    }

    @Test
    void badLabelsNameTheNodeTheLabelAndTheValue() {
        Inventory inv = inventory(ProviderConfig.builder("baremetal").set("credentials", "secret:bmc"));
        assertThatThrownBy(() -> inv.resolve(BmcFixtures.annotatedNode("w4", "smoke-signals", "10.0.0.1")))
                .isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContainingAll("node w4", P + "protocol=smoke-signals", "redfish, ipmi, fence-agent");
        NodeDescriptor fileCreds = new NodeDescriptor("w5", null, Map.of(),
                Map.of(P + "address", "10.0.0.1", P + "credentials", "dir:/root"));
        assertThatThrownBy(() -> inv.resolve(fileCreds)).isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContainingAll("node w5", "may only name secret:<name> or config:<name>");
        NodeDescriptor badAddress = new NodeDescriptor("w6", null, Map.of(), Map.of(P + "address", "10.0.0.1 -P x"));
        assertThatThrownBy(() -> inv.resolve(badAddress)).isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContaining("host[:port]");
        Inventory noDefault = inventory(ProviderConfig.builder("baremetal"));
        assertThatThrownBy(() -> noDefault.resolve(BmcFixtures.annotatedNode("w7", "redfish", "10.0.0.1")))
                .isInstanceOf(InvalidMachineReferenceException.class).hasMessageContaining("credentials reference is required");
    }

    @Test
    void aMachineRefOfAnotherProviderOrWithBrokenAttributesIsRejected() {
        MachineRef broken = new MachineRef("baremetal", "x", "w8", Map.of("protocol", "redfish", "address", "::bad::"));
        assertThatThrownBy(() -> BmcTarget.of(broken)).isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContaining("node w8");
        try (BareMetalProvider p = new BareMetalProvider(BareMetalProviderConfig.from(ProviderConfig.builder("baremetal").build()),
                java.time.Clock.systemUTC())) {
            assertThatThrownBy(() -> p.status(MachineRef.of("aws", "i-0abc", "w9"))).isInstanceOf(InvalidMachineReferenceException.class)
                    .hasMessageContaining("not a baremetal machine");
        }
    }
}
