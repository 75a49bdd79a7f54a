package dev.selfheal.examples.customprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.Capability;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.UnsupportedCapabilityException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProviderTest {

    @Test
    void isFoundByServiceLoaderAndFencesThroughItsCommands(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("m1.state");
        Files.writeString(state, "on");
        ProviderConfig cfg = ProviderConfig.builder("command")
                .set("status", "cat " + dir + "/{id}.state")
                .set("powerOff", "printf off > " + dir + "/{id}.state")
                .build();
        try (InfrastructureProvider p = ProviderDiscovery.load().create(ProviderContext.of(cfg))) {
            MachineRef m = p.resolve(NodeDescriptor.of("node-1", "command://m1")).orElseThrow();
            assertThat(p.capabilities()).containsExactlyInAnyOrder(Capability.POWER_STATUS, Capability.POWER_OFF);
            assertThat(p.status(m).power()).isEqualTo(PowerState.ON);
            assertThat(p.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(Files.readString(state)).isEqualTo("off");
            assertThatThrownBy(() -> p.reboot(m)).isInstanceOf(UnsupportedCapabilityException.class);
            assertThat(p.resolve(NodeDescriptor.of("node-2", "aws:///us-east-1a/i-1"))).isEmpty();
        }
    }

    @Test
    void failingCommandNamesTheMachineAndTheCall() {
        ProviderConfig cfg = ProviderConfig.builder("command").set("status", "echo broken >&2; exit 3").build();
        try (InfrastructureProvider p = new CommandProviderFactory().create(ProviderContext.of(cfg))) {
            MachineRef m = MachineRef.of("command", "m9", "node-9");
            assertThatThrownBy(() -> p.status(m))
                    .isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("status on command:m9 (node node-9)")
                    .hasMessageContaining("exited with 3: broken");
        }
    }

    @Test
    void missingStatusCommandIsAConfigError() {
        assertThatThrownBy(() -> new CommandProviderFactory().create(ProviderContext.of(ProviderConfig.builder("command").build())))
                .isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("provider 'command', field 'status': is required");
    }
}
