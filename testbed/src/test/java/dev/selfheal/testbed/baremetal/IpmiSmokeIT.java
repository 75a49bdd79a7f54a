package dev.selfheal.testbed.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.baremetal.IpmiSimulator.Power;
import dev.selfheal.testbed.process.TestbedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ipmitool and fence_ipmilan against a real ipmi_sim over RMCP+ (lanplus, cipher suite 3). */
@ExtendWith(IpmiSimulatorExtension.class)
class IpmiSmokeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void ipmitoolReadsAndSwitchesPower(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);

        Cli.Result status = ipmitool(bmc, bmc.password(), "chassis", "power", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("Chassis Power is on");

        Cli.Result off = ipmitool(bmc, bmc.password(), "chassis", "power", "off");
        assertThat(off.exitCode()).as(off.output()).isZero();
        assertThat(bmc.powerState()).isEqualTo(Power.OFF);
        assertThat(ipmitool(bmc, bmc.password(), "chassis", "power", "status").output()).contains("Chassis Power is off");

        Cli.Result on = ipmitool(bmc, bmc.password(), "chassis", "power", "on");
        assertThat(on.exitCode()).as(on.output()).isZero();
        assertThat(bmc.powerState()).isEqualTo(Power.ON);
        assertThat(bmc.chassisRequests()).contains("set power 0", "set power 1");
    }

    @Test
    void ipmitoolResetsAndSetsTheBootDevice(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        int resets = bmc.resetCount();

        Cli.Result reset = ipmitool(bmc, bmc.password(), "chassis", "power", "reset");
        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(bmc.resetCount()).isEqualTo(resets + 1);
        assertThat(bmc.powerState()).isEqualTo(Power.ON);

        Cli.Result bootdev = ipmitool(bmc, bmc.password(), "chassis", "bootdev", "pxe");
        assertThat(bootdev.exitCode()).as(bootdev.output()).isZero();
        assertThat(bmc.bootDevice()).isEqualTo("pxe");

        Cli.Result identify = ipmitool(bmc, bmc.password(), "chassis", "identify", "5");
        assertThat(identify.exitCode()).as(identify.output()).isZero();
        assertThat(bmc.chassisRequests()).contains("set identify 5 0");
    }

    @Test
    void wrongPasswordIsRejected(IpmiSimulator bmc) {
        Cli.Result r = ipmitool(bmc, "not-the-password", "chassis", "power", "status");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Unable to establish IPMI v2 / RMCP+ session").doesNotContain("Chassis Power is");
    }

    @Test
    void frozenBmcTimesOutAndAnswersAfterResume(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        bmc.freeze();
        try {
            assertThat(bmc.answersPing(Duration.ofMillis(500))).isFalse();
            Cli.Result r = ipmitool(bmc, bmc.password(), "-N", "1", "-R", "1", "chassis", "power", "status");
            assertThat(r.exitCode()).isNotZero();
        } finally {
            bmc.resume();
        }
        assertThat(bmc.answersPing(Duration.ofSeconds(2))).isTrue();
        assertThat(ipmitool(bmc, bmc.password(), "chassis", "power", "status").output()).contains("Chassis Power is on");
    }

    @Test
    void fenceIpmilanReportsAndSwitchesPower(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        Cli.Result on = fenceIpmilan(bmc, "status");
        assertThat(on.exitCode()).as(on.output()).isZero();
        assertThat(on.output()).contains("Status: ON");

        bmc.setPowerState(Power.OFF);
        Cli.Result off = fenceIpmilan(bmc, "status");
        assertThat(off.exitCode()).as(off.output()).isEqualTo(2);
        assertThat(off.output()).contains("Status: OFF");

        Cli.Result powerOn = fenceIpmilan(bmc, "on");
        assertThat(powerOn.exitCode()).as(powerOn.output()).isZero();
        assertThat(bmc.powerState()).isEqualTo(Power.ON);
    }

    /** ipmitool with the password in IPMI_PASSWORD ({@code -E}), never on the command line. */
    private static Cli.Result ipmitool(IpmiSimulator bmc, String password, String... args) {
        List<String> cmd = new ArrayList<>(List.of(TestbedCache.systemCommand("ipmitool", "ipmitool").toString(),
                "-I", "lanplus", "-H", bmc.host(), "-p", Integer.toString(bmc.port()), "-U", bmc.username(), "-E",
                "-C", "3"));
        cmd.addAll(List.of(args));
        return Cli.run(cmd, Map.of("IPMI_PASSWORD", password), null, TIMEOUT);
    }

    /** fence_ipmilan reading its options as key=value lines on stdin. */
    private static Cli.Result fenceIpmilan(IpmiSimulator bmc, String action) {
        String stdin = String.join("\n", "action=" + action, "ip=" + bmc.host(), "ipport=" + bmc.port(),
                "username=" + bmc.username(), "password=" + bmc.password(), "lanplus=1", "cipher=3", "");
        return Cli.run(List.of(TestbedCache.systemCommand("fence_ipmilan", "fence-agents").toString()), Map.of(),
                stdin, TIMEOUT);
    }
}
