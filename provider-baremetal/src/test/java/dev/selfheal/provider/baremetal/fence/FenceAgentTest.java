package dev.selfheal.provider.baremetal.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.BmcAddress;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FenceAgentTest {

    private static BmcCall call(String system, String password) {
        CredentialsRef ref = CredentialsRef.parse("secret:bmc", false);
        BmcTarget t = new BmcTarget(Protocol.FENCE_AGENT, BmcAddress.parse(Protocol.FENCE_AGENT, "10.0.0.9:6230"), system, ref,
                "fence_ipmilan");
        return new BmcCall(MachineRef.of("baremetal", "fence_ipmilan://10.0.0.9:6230", "w1"), t,
                new BmcCredentials("admin", Secret.of(password), ref));
    }

    @Test
    void inputIsTheStandardKeyValueLines() {
        String in = FenceAgentInput.of("status", call("plug-1", "pw"), Map.of("lanplus", "1"));
        assertThat(in).isEqualTo("action=status\nip=10.0.0.9\nipport=6230\nusername=admin\npassword=pw\nplug=plug-1\nlanplus=1\n");
        assertThatThrownBy(() -> FenceAgentInput.of("status", call(null, "pw\nipmitool_path=/tmp/x"), Map.of()))
                .hasMessageContaining("line break").hasMessageNotContaining("ipmitool_path");
    }

    @Test
    void exitCodesAndOutputAreInterpreted() {
        assertThat(FenceAgentOutcome.status(0)).isEqualTo(PowerState.ON);
        assertThat(FenceAgentOutcome.status(2)).isEqualTo(PowerState.OFF);
        assertThat(FenceAgentOutcome.status(1)).isNull();
        assertThat(FenceAgentOutcome.classify("2026-01-01 ERROR: Connection timed out"))
                .isEqualTo(FenceAgentOutcome.Failure.NOT_ANSWERING);
        assertThat(FenceAgentOutcome.classify("ERROR: Failed: Unrecognised action 'bogus'\nERROR: Please use '-h' for usage"))
                .isEqualTo(FenceAgentOutcome.Failure.BAD_INPUT);
        assertThat(FenceAgentOutcome.classify("ERROR: Failed: Unable to obtain correct plug status or plug is not available"))
                .isEqualTo(FenceAgentOutcome.Failure.REFUSED);
    }

    @Test
    void optionsAreParsedAndReservedKeysRefused() {
        assertThat(FenceSettings.parseOptions("lanplus=1, cipher=3 ,systems_uri=/redfish/v1/Systems/1"))
                .containsExactly(Map.entry("lanplus", "1"), Map.entry("cipher", "3"),
                        Map.entry("systems_uri", "/redfish/v1/Systems/1"));
        assertThatThrownBy(() -> FenceSettings.parseOptions("passwd=x")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> FenceSettings.parseOptions("Lanplus=1")).hasMessageContaining("key=value");
    }

    @Test
    void agentsThatPutThePasswordOnAChildCommandLineAreKnownWithTheSaferChoice() {
        assertThat(CommandLineExposure.of("fence_ipmilan")).hasValueSatisfying(e -> {
            assertThat(e.how()).contains("ipmitool", "-P");
            assertThat(e.saferChoice()).contains("protocol=ipmi", "-E");
        });
        assertThat(CommandLineExposure.of("fence_idrac")).hasValueSatisfying(e ->
                assertThat(e.saferChoice()).contains("protocol=ipmi", "protocol=redfish"));
        assertThat(CommandLineExposure.of("fence_apc_snmp")).hasValueSatisfying(e -> assertThat(e.how()).contains("-A"));
        assertThat(CommandLineExposure.of("fence_vmware")).hasValueSatisfying(e -> assertThat(e.saferChoice()).contains("vsphere"));
        assertThat(CommandLineExposure.of("fence_redfish")).isEmpty();
        assertThat(CommandLineExposure.of("fence_aws")).isEmpty();
    }
}
