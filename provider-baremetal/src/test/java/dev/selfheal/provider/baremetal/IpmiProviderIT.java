package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.baremetal.IpmiSimulator;
import dev.selfheal.testbed.baremetal.IpmiSimulator.Power;
import dev.selfheal.testbed.baremetal.IpmiSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The provider against OpenIPMI's ipmi_sim through the real ipmitool over RMCP+ (lanplus, cipher suite 3). */
@ExtendWith(IpmiSimulatorExtension.class)
class IpmiProviderIT {

    @TempDir
    static Path credentials;

    private static ProviderConfig.Builder config(IpmiSimulator bmc, String password) {
        BmcFixtures.secret(credentials, "ipmi", bmc.username(), password);
        return BmcFixtures.config(credentials, "ipmi")
                .set("nodes.rack1-u7.protocol", "ipmi")
                .set("nodes.rack1-u7.address", bmc.host() + ":" + bmc.port())
                .set("ipmi.requestTimeout", "1s").set("ipmi.retries", "1").set("callTimeout", "5s");
    }

    private static MachineRef machine(InfrastructureProvider p) {
        return p.resolve(dev.selfheal.spi.NodeDescriptor.of("rack1-u7", null)).orElseThrow();
    }

    private static List<String> requestsAfter(IpmiSimulator bmc, int count) {
        List<String> all = bmc.chassisRequests();
        return all.subList(count, all.size());
    }

    @Test
    void statusReadsThePowerStateTheBmcKeeps(IpmiSimulator bmc) {
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).build())) {
            MachineRef m = machine(p);
            assertThat(m.id()).isEqualTo("ipmi://" + bmc.host() + ":" + bmc.port());
            bmc.setPowerState(Power.ON);
            assertThat(p.status(m).power()).isEqualTo(PowerState.ON);
            assertThat(p.status(m).findings()).isEmpty();
            bmc.setPowerState(Power.OFF);
            assertThat(p.status(m).power()).isEqualTo(PowerState.OFF);
        }
    }

    @Test
    void fenceCutsThePowerAndConfirmsOffThenPowerOnRestoresIt(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).build())) {
            MachineRef m = machine(p);
            int before = bmc.chassisRequests().size();
            assertThat(p.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(bmc.powerState()).isEqualTo(Power.OFF);
            assertThat(requestsAfter(bmc, before)).contains("set power 0");

            assertThat(p.powerOn(m).detail()).contains("powered on");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
        }
    }

    @Test
    void rebootPowerCyclesTheMachine(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).build())) {
            int before = bmc.chassisRequests().size();
            ActionResult r = p.reboot(machine(p));
            assertThat(r.detail()).contains("forced restart");
            assertThat(requestsAfter(bmc, before)).containsSubsequence("set power 0", "set power 1");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);

            bmc.setPowerState(Power.OFF);
            assertThat(p.reboot(machine(p)).detail()).contains("was off: powered on");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
        }
    }

    @Test
    void gracefulRebootShutsDownThroughTheOsThenPowersOn(IpmiSimulator bmc) {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).set("reboot.method", "graceful").build())) {
            int before = bmc.chassisRequests().size();
            assertThat(p.reboot(machine(p)).detail()).contains("graceful shutdown, then powered on");
            assertThat(requestsAfter(bmc, before)).containsSubsequence("set shutdown 1", "set power 1");
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
        }
    }

    @Test
    void replaceRunsTheHookThenSetsPxeBootAndRestarts(IpmiSimulator bmc) throws Exception {
        bmc.setPowerState(Power.ON);
        Path seen = credentials.resolve("hook.env");
        Path hook = credentials.resolve("provision-hook");
        Files.writeString(hook, "#!/bin/sh\nenv | grep '^SELFHEAL_' | sort > '" + seen + "'\necho \"node $1 queued\"\n"
                + "echo replacement=rack1-u7-gen2\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).set("replace.hook", hook.toString()).build())) {
            int before = bmc.chassisRequests().size();
            ReplaceResult r = p.replace(machine(p));
            assertThat(r.progress()).isEqualTo(ReplaceResult.Progress.STARTED);
            assertThat(r.replacement()).hasValue("rack1-u7-gen2");
            assertThat(r.detail()).contains("re-provisioning started", "node rack1-u7 queued");
            assertThat(bmc.bootDevice()).isEqualTo("pxe");
            assertThat(requestsAfter(bmc, before)).containsSubsequence("set boot pxe", "set power 0", "set power 1");
            assertThat(Files.readAllLines(seen)).contains("SELFHEAL_NODE=rack1-u7", "SELFHEAL_BMC_PROTOCOL=ipmi",
                    "SELFHEAL_REPLACE_STEP=before-pxe-boot", "SELFHEAL_BMC_CREDENTIALS=secret:ipmi")
                    .noneMatch(l -> l.contains(bmc.password()));
        }
    }

    @Test
    void wrongPasswordIsAClearPermanentError(IpmiSimulator bmc) {
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, "NotThePassword42").build())) {
            MachineRef m = machine(p);
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("ipmitool:chassis status").hasMessageContaining("node rack1-u7")
                    .hasMessageContaining("rejected the credentials from secret:ipmi")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("NotThePassword42", bmc.password()));
        }
    }

    @Test
    void aFrozenBmcIsATimeoutNeverOffAndThePasswordIsNeverOnACommandLine(IpmiSimulator bmc) throws Exception {
        bmc.setPowerState(Power.ON);
        try (InfrastructureProvider p = BmcFixtures.create(config(bmc, bmc.password()).build())) {
            MachineRef m = machine(p);
            bmc.freeze();
            try {
                CompletableFuture<Throwable> fence = CompletableFuture.supplyAsync(() -> {
                    try {
                        p.powerOff(m);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                List<List<String>> commandLines = new CopyOnWriteArrayList<>();
                while (!fence.isDone()) {
                    ProcessHandle.current().descendants().forEach(h -> h.info().arguments()
                            .ifPresent(a -> commandLines.add(List.of(a))));
                    Thread.sleep(50);
                }
                assertThat(fence.get()).isInstanceOf(RetryableProviderException.class)
                        .hasMessageContaining("did not answer").hasMessageContaining("unknown (not off)");
                assertThat(commandLines).as("ipmitool was seen running").anyMatch(a -> a.contains("lanplus"));
                assertThat(commandLines).noneMatch(a -> a.contains(bmc.password()) || a.contains("-P"));
                assertThatThrownBy(() -> p.status(m)).isInstanceOf(RetryableProviderException.class);
            } finally {
                bmc.resume();
            }
            assertThat(bmc.powerState()).isEqualTo(Power.ON);
            assertThat(p.status(m).power()).isEqualTo(PowerState.ON);
        }
    }
}
