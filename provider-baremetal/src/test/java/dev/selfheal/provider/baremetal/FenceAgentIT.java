package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.Capability;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.spi.UnsupportedCapabilityException;
import dev.selfheal.testbed.baremetal.IpmiSimulator;
import dev.selfheal.testbed.baremetal.IpmiSimulator.Power;
import dev.selfheal.testbed.baremetal.IpmiSimulatorExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The provider running the real fence_ipmilan (fence-agents) against OpenIPMI's ipmi_sim. */
@ExtendWith(IpmiSimulatorExtension.class)
class FenceAgentIT {

    @TempDir
    static Path credentials;

    private static ProviderConfig.Builder config(IpmiSimulator bmc) {
        BmcFixtures.secret(credentials, "fence", bmc.username(), bmc.password());
        return BmcFixtures.config(credentials, "fence")
                .set("protocol", "fence-agent").set("agent", "fence_ipmilan")
                .set("fence.options", "lanplus=1, cipher=3").set("fence.timeout", "30s");
    }

    /** A node that names its BMC and agent with labels and an annotation. */
    private static MachineRef machine(InfrastructureProvider p, IpmiSimulator bmc) {
        NodeDescriptor node = new NodeDescriptor("db-0", null, Map.of(BmcFixtures.PREFIX + "agent", "fence_ipmilan"),
                Map.of(BmcFixtures.PREFIX + "address", bmc.host() + ":" + bmc.port()));
        return p.resolve(node).orElseThrow();
    }

    @Test
    void statusFollowsTheAgentsExitCodes(IpmiSimulator bmc) {
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc).build())) {
            MachineRef m = machine(p, bmc);
            assertThat(m.id()).isEqualTo("fence_ipmilan://" + bmc.host() + ":" + bmc.port());
            bmc.setPowerState(Power.ON);
            assertThat(p.status(m).power()).isEqualTo(PowerState.ON);
            bmc.setPowerState(Power.OFF);
            assertThat(p.status(m).power()).isEqualTo(PowerState.OFF);
        }
    }

    @Test
    void fenceOnAndRebootGoThroughTheAgent(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc).build())) {
            MachineRef m = machine(p, bmc);
            assertThat(p.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(bmc.powerState()).isEqualTo(Power.OFF);
            assertThat(p.powerOn(m).detail()).contains("powered on");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);

            int before = bmc.chassisRequests().size();
            assertThat(p.reboot(m).detail()).contains("forced restart");
            List<String> requests = bmc.chassisRequests();
            assertThat(requests.subList(before, requests.size())).containsSubsequence("set power 0", "set power 1");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
        }
    }

    @Test
    void replaceIsNotOfferedWithoutAHookBecauseAgentsCannotSetPxeBoot(IpmiSimulator bmc) {
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc).build())) {
            MachineRef m = machine(p, bmc);
            assertThat(p.capabilities(m)).doesNotContain(Capability.REPLACE).contains(Capability.POWER_OFF);
            assertThatThrownBy(() -> p.replace(m)).isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining("replace.mode=hook");
        }
    }

    @Test
    void aFrozenBmcMakesTheAgentFailRetryablyNeverOff(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc).set("fence.timeout", "6s").build())) {
            MachineRef m = machine(p, bmc);
            bmc.freeze();
            try {
                assertThatThrownBy(() -> p.powerOff(m)).isInstanceOf(RetryableProviderException.class)
                        .hasMessageContaining("fence_ipmilan:status").hasMessageContaining("not off");
            } finally {
                bmc.resume();
            }
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
        }
    }
}
