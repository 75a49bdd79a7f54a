package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulator.FakeSystem;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;
import dev.selfheal.testbed.bridge.RedfishMachines;
import java.util.List;

/** Bare metal behind a Redfish BMC (sushy-tools): two servers, re-provisioned by PXE boot. */
final class BareMetalInfrastructure implements Infrastructure {

    private final PowerOnGate gate = PowerOnGate.open();
    private RedfishEmulator bmc;
    private RedfishMachines servers;

    @Override
    public MachineSource machines(String pool) {
        bmc = RedfishEmulator.start(List.of(system(pool, 1), system(pool, 2)));
        servers = RedfishMachines.of(bmc, pool);
        return servers;
    }

    private static FakeSystem system(String pool, int n) {
        FakeSystem numbered = FakeSystem.numbered(n);
        return new FakeSystem(numbered.id(), pool + "-" + n, true, numbered.mac());
    }

    static String systemId(String machineKey) {
        String id = machineKey.substring("redfish:".length());
        return id.contains("#") ? id.substring(0, id.indexOf('#')) : id;
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public ProviderConfig provider() {
        return E2eConfig.baremetal(bmc, gate.script());
    }

    @Override
    public String csiDriver() {
        return "local.csi.example.com";
    }

    @Override
    public String newVolume() {
        return "local-disk-1";
    }

    @Override
    public void attach(String volume, MachineNodeBridge bridge, String node) {
        // A server's local disk needs no attach call: the VolumeAttachment stands for it.
    }

    /** Re-provisioning powers the same server on: each PXE boot waits for {@code barrier} (see {@link PowerOnGate}). */
    @Override
    public void beforePowerOn(Runnable barrier) {
        gate.barrier(barrier);
    }

    @Override
    public boolean machineOff(String machineKey) {
        return !"On".equals(bmc.powerState(systemId(machineKey)));
    }

    @Override
    public void assertDetached(String volume, String machineKey) {
        assertThat(machineOff(machineKey) || servers.observe().stream().anyMatch(m -> m.key().startsWith(machineKey + "#")))
                .as("the server was off or re-provisioned").isTrue();
    }

    @Override
    public void assertReplaced(String machineKey) {
        String boot;
        try {
            boot = new ObjectMapper().readTree(bmc.get(bmc.systemPath(systemId(machineKey))).body())
                    .path("Boot").path("BootSourceOverrideTarget").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(boot).as("boot override of the re-provisioned server").isEqualTo("Pxe");
        assertThat(gate.answered()).as("PXE boots that waited for the test's power-on gate").isPositive();
        assertThat(servers.observe()).anyMatch(m -> m.key().startsWith(machineKey + "#") && m.running());
    }

    @Override
    public void close() {
        gate.close();
        if (bmc != null) {
            bmc.close();
        }
    }
}
