package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reboot cut short by its step's time limit, then a fence at once (the healer's ladder when a reboot does not
 * bring a node back): sushy-tools applies a reset 1 to 11 s after it answers and shows the restarting machine Off
 * meanwhile, as a real BMC does. The fence must not take that Off for its own: it waits for the restart to show,
 * cuts the power, and the machine stays off after every pending reset had its time.
 */
class RedfishFenceAfterRestartIT {

    @TempDir
    Path credentials;

    @Test
    void aFenceRightAfterARestartCutShortLeavesTheMachineOffForGood() throws Exception {
        try (RedfishEmulator bmc = RedfishEmulator.start(List.of(RedfishEmulator.FakeSystem.numbered(1)))) {
            String id = bmc.systemIds().get(0);
            BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
            ExecutorService step = Executors.newSingleThreadExecutor();
            try (InfrastructureProvider p = BmcFixtures.create(BmcFixtures.config(credentials, "bmc")
                    .set("tls.trustStore", bmc.caPem().toString()).set("pollInterval", "200ms").build())) {
                MachineRef m = p.resolve(BmcFixtures.annotatedNode("node-1", "redfish", bmc.baseUri().toString())).orElseThrow();
                assertThat(bmc.powerState(id)).isEqualTo("On");

                Future<?> reboot = step.submit(() -> p.reboot(m));
                try {
                    reboot.get(300, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    reboot.cancel(true); // as the healer does when a step runs out of time
                }
                assertThat(bmc.powerState(id)).as("a restarting machine reads off").isEqualTo("Off");

                assertThat(p.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);
                assertThat(bmc.powerState(id)).isEqualTo("Off");
                // sushy-tools applies a reset at most 11 s after it was asked; the machine must still be off after that
                Thread.sleep(13_000);
                assertThat(bmc.powerState(id)).as("power after every pending reset was applied").isEqualTo("Off");
            } finally {
                step.shutdownNow();
            }
        }
    }
}
