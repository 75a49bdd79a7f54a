package dev.selfheal.e2e;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulator.FakeSystem;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RedfishPower;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redfish BMC (sushy-tools) for one real node, whose system's power drives the node's machine
 * ({@link RedfishPower}), and the bare-metal provider configuration that names it for the node and for the
 * names the machine may be re-provisioned under, re-provisioning by PXE behind a {@link PowerOnGate}.
 */
final class RealNodeRedfish implements AutoCloseable {

    private final PowerOnGate gate = PowerOnGate.open();
    private final List<String> names = new ArrayList<>();
    private RedfishPower power;
    private RedfishEmulator bmc;
    private String systemId;

    private RealNodeRedfish() {
    }

    /**
     * Starts a BMC for {@code node} (powered on) and wires its system to the node's machine.
     *
     * @param boot what a power-on does to the machine (see {@link RedfishPower.Boot})
     * @param alsoNamed Node names the machine may register under after a re-provisioning
     */
    static RealNodeRedfish of(RealNode node, RedfishPower.Boot boot, String... alsoNamed) {
        RealNodeRedfish r = new RealNodeRedfish();
        try {
            FakeSystem numbered = FakeSystem.numbered(1);
            r.power = RedfishPower.listen();
            r.bmc = RedfishEmulator.start(List.of(new FakeSystem(numbered.id(), node.name(), true, numbered.mac())),
                    r.power.notificationUrl());
            r.systemId = numbered.id();
            r.power.wire(r.bmc, r.systemId, node, boot);
            r.names.add(node.name());
            r.names.addAll(List.of(alsoNamed));
            return r;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    /** The emulator. */
    RedfishEmulator bmc() {
        return bmc;
    }

    /** The id of the machine's system. */
    String systemId() {
        return systemId;
    }

    /** The system's power state as the BMC reports it ({@code On} or {@code Off}). */
    String powerState() {
        return bmc.powerState(systemId);
    }

    /** The node the machine runs now. */
    RealNode node() {
        return power.node(systemId);
    }

    /** How many PXE boots the power-on gate let go on. */
    int pxeBoots() {
        return gate.answered();
    }

    /** The bare-metal provider over Redfish: {@code nodes.<name>.*} for each name of the machine. */
    ProviderConfig provider() {
        ProviderConfig.Builder c = ProviderConfig.builder("baremetal").set("protocol", "redfish")
                .set("credentials", "config:bmc").set("credentials.bmc.username", bmc.username())
                .secret("credentials.bmc.password", bmc.password()).set("tls.trustStore", bmc.caPem().toString())
                .set("pollInterval", "250ms").set("callTimeout", "10s").set("powerTimeout", "60s")
                .set("replace.mode", "pxe").set("replace.hook", gate.script().toString()).set("replace.hookTimeout", "3m");
        for (String n : names) {
            c.set("nodes." + n + ".address", bmc.baseUri().toString()).set("nodes." + n + ".system", systemId);
        }
        return c.build();
    }

    /** Each PXE boot first waits for {@code barrier}, such as the safety recorder catching up (see {@link PowerOnGate}). */
    void beforePowerOn(Runnable barrier) {
        gate.barrier(barrier);
    }

    @Override
    public void close() {
        gate.close();
        if (power != null) {
            power.close();
        }
        if (bmc != null) {
            bmc.close();
        }
    }
}
