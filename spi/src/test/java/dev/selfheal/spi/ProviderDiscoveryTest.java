package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {

    @Test
    void findsFactoriesRegisteredForServiceLoader() {
        ProviderDiscovery discovery = ProviderDiscovery.load();
        assertThat(discovery.knownTypes()).contains("test-registered");
        try (InfrastructureProvider p = discovery.create(ProviderContext.of(ProviderConfig.builder("Test-Registered").build()))) {
            assertThat(p.type()).isEqualTo("test-registered");
        }
    }

    @Test
    void unknownTypeNamesTheKnownTypes() {
        ProviderDiscovery discovery = ProviderDiscovery.of(List.of(new Factory("aws", 0), new Factory("vsphere", 0)));
        assertThatThrownBy(() -> discovery.factory("openstack"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("'openstack'")
                .hasMessageContaining("known types: aws, vsphere");
    }

    @Test
    void higherPriorityWinsATie() {
        Factory low = new Factory("aws", 0);
        Factory high = new Factory("aws", 10);
        assertThat(ProviderDiscovery.of(List.of(low, high)).factory("aws")).isSameAs(high);
        assertThat(ProviderDiscovery.of(List.of(high, low)).factory("AWS")).isSameAs(high);
    }

    @Test
    void defaultMethodsRefuseUndeclaredCapabilities() {
        try (InfrastructureProvider p = new Factory("x", 0).create(ProviderContext.of(ProviderConfig.builder("x").build()))) {
            MachineRef m = MachineRef.of("x", "m-1", "node-1");
            assertThatThrownBy(() -> p.powerOff(m))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining("x:m-1 (node node-1)")
                    .hasMessageContaining("POWER_OFF")
                    .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isFalse());
        }
    }

    @Test
    void fenceResultRequiresAFencedState() {
        MachineRef m = MachineRef.of("x", "m-1", "node-1");
        assertThatThrownBy(() -> new FenceResult(m, PowerState.UNKNOWN, java.time.Instant.EPOCH))
                .hasMessageContaining("confirmed OFF or GONE");
        assertThat(new FenceResult(m, PowerState.OFF, java.time.Instant.EPOCH).confirmedState()).isEqualTo(PowerState.OFF);
    }

    @Test
    void providerIdParsesSchemeAndPath() {
        ProviderId id = ProviderId.parse("n1", "aws:///us-east-1a/i-0abc");
        assertThat(id.scheme()).isEqualTo("aws");
        assertThat(id.path()).isEqualTo("/us-east-1a/i-0abc");
        assertThatThrownBy(() -> ProviderId.parse("n1", "i-0abc"))
                .isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContaining("node n1").hasMessageContaining("'i-0abc'");
    }

    /** A minimal factory for the tests. */
    public static class Factory implements InfrastructureProviderFactory {
        private final String type;
        private final int priority;

        public Factory() {
            this("test-registered", 0);
        }

        Factory(String type, int priority) {
            this.type = type;
            this.priority = priority;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public InfrastructureProvider create(ProviderContext context) {
            return new InfrastructureProvider() {
                @Override
                public String type() {
                    return type;
                }

                @Override
                public Set<Capability> capabilities() {
                    return Set.of(Capability.POWER_STATUS);
                }

                @Override
                public java.util.Optional<MachineRef> resolve(NodeDescriptor node) {
                    return java.util.Optional.empty();
                }

                @Override
                public MachineStatus status(MachineRef machine) {
                    return new MachineStatus(machine, PowerState.ON, List.of(), context.clock().instant());
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
