package dev.selfheal.provider.baremetal.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.provider.baremetal.bmc.BmcAddress;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.command.CommandSpec;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpmiToolTest {

    private static final String PASSWORD = "Sup3r-Secret";

    @Test
    void thePasswordTravelsInTheEnvironmentNeverAsAnArgument() {
        CredentialsRef ref = CredentialsRef.parse("secret:bmc", false);
        BmcTarget target = new BmcTarget(Protocol.IPMI, BmcAddress.parse(Protocol.IPMI, "[fd00::5]:6230"), null, ref, null);
        BmcCall call = new BmcCall(MachineRef.of("baremetal", "ipmi://x", "w1"), target,
                new BmcCredentials("admin", Secret.of(PASSWORD), ref));
        IpmiSettings settings = new IpmiSettings("ipmitool", 3, "ADMINISTRATOR", "cycle", Duration.ofSeconds(2), 2,
                Duration.ofSeconds(15), false);
        CommandSpec spec = IpmiToolCommand.of(settings, call, List.of("chassis", "power", "status"));
        assertThat(spec.command()).doesNotContain(PASSWORD, "-P").contains("-E", "lanplus")
                .containsSequence("-H", "fd00::5", "-p", "6230").containsSequence("-C", "3", "-L", "ADMINISTRATOR")
                .containsSequence("-N", "2", "-R", "2").endsWith("chassis", "power", "status");
        assertThat(spec.environment()).containsEntry("IPMI_PASSWORD", PASSWORD);
        assertThat(spec.toString()).doesNotContain(PASSWORD).doesNotContain("admin").contains("IPMI_PASSWORD");
    }

    @Test
    void chassisStatusGivesPowerAndFaults() {
        String healthy = "System Power         : on\nPower Overload       : false\nPower Interlock      : inactive\n"
                + "Main Power Fault     : false\nCooling/Fan Fault    : false\nDrive Fault          : false\n";
        assertThat(IpmiOutput.chassisStatus(healthy).power()).isEqualTo(PowerState.ON);
        assertThat(IpmiOutput.chassisStatus(healthy).findings()).isEmpty();
        String faulty = "System Power : off\nMain Power Fault : true\nCooling/Fan Fault : true\n";
        assertThat(IpmiOutput.chassisStatus(faulty).power()).isEqualTo(PowerState.OFF);
        assertThat(IpmiOutput.chassisStatus(faulty).findings()).extracting(HealthFinding::code, HealthFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("IpmiMainPowerFault", HealthFinding.Severity.CRITICAL),
                        org.assertj.core.groups.Tuple.tuple("IpmiCoolingFault", HealthFinding.Severity.WARNING));
        assertThat(IpmiOutput.chassisStatus("garbage").power()).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void failuresAreToldApartFromVerboseOutput() {
        assertThat(IpmiOutput.classify("> RAKP 2 HMAC is invalid\nError: Unable to establish IPMI v2 / RMCP+ session"))
                .isEqualTo(IpmiOutput.Failure.CREDENTIALS_REJECTED);
        assertThat(IpmiOutput.classify("RAKP 2 message indicates an error : unauthorized name"))
                .isEqualTo(IpmiOutput.Failure.CREDENTIALS_REJECTED);
        assertThat(IpmiOutput.classify("Get Auth Capabilities error\nError: Unable to establish IPMI v2 / RMCP+ session"))
                .isEqualTo(IpmiOutput.Failure.NOT_ANSWERING);
        assertThat(IpmiOutput.classify("Set Chassis Power Control to Cycle failed: Command not supported in present state"))
                .isEqualTo(IpmiOutput.Failure.REFUSED);
        assertThat(IpmiOutput.withoutNoise("Loading IANA PEN Registry...\nRunning Get VSO Capabilities my_addr 0x20\n"
                + "Invalid completion code received: Invalid command\nDiscovered IPMB address 0x0\nreal error\n"))
                .isEqualTo("real error\n");
    }
}
