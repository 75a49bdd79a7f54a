package dev.selfheal.e2e;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.testbed.baremetal.IpmiSimulator;
import dev.selfheal.testbed.node.BmcPower;
import dev.selfheal.testbed.node.RealNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One IPMI BMC (ipmi_sim) per real node, its chassis driving the node's power ({@link BmcPower}), and the
 * bare-metal provider configuration that names each node's BMC and credentials.
 */
final class RealNodeBmcs implements AutoCloseable {

    private final List<IpmiSimulator> bmcs = new ArrayList<>();
    private final List<BmcPower> wires = new ArrayList<>();
    private final PowerOnGate gate = PowerOnGate.open();

    private RealNodeBmcs() {
    }

    /** Starts a BMC for each node and wires it to the node's power; a power-on boots the node as the testbed does. */
    static RealNodeBmcs of(RealNode... nodes) {
        RealNodeBmcs b = new RealNodeBmcs();
        try {
            for (RealNode n : nodes) {
                IpmiSimulator bmc = IpmiSimulator.start(IpmiSimulator.Power.ON);
                b.bmcs.add(bmc);
                b.wires.add(BmcPower.wire(bmc, n));
            }
            return b;
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
    }

    /** Starts a BMC for {@code node} whose power-on runs {@code boot} (such as the machine and its agent). */
    static RealNodeBmcs booting(RealNode node, Runnable boot) {
        RealNodeBmcs b = new RealNodeBmcs();
        try {
            IpmiSimulator bmc = IpmiSimulator.start(IpmiSimulator.Power.ON);
            b.bmcs.add(bmc);
            b.wires.add(BmcPower.wire(bmc, node, n -> boot.run()));
            return b;
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
    }

    /** A provider (through ServiceLoader, as the healer gets it) for {@link #provider()}. */
    InfrastructureProvider newProvider() {
        return ProviderDiscovery.load().create(ProviderContext.of(provider()));
    }

    /** The BMC of a node. */
    IpmiSimulator bmc(RealNode node) {
        for (int i = 0; i < wires.size(); i++) {
            if (wires.get(i).node() == node) {
                return bmcs.get(i);
            }
        }
        throw new IllegalArgumentException("no BMC for " + node);
    }

    /** The bare-metal provider over IPMI: {@code nodes.<node>.*} and a credentials entry of each node's own. */
    ProviderConfig provider() {
        ProviderConfig.Builder c = ProviderConfig.builder("baremetal").set("pollInterval", "250ms")
                .set("callTimeout", "10s").set("powerTimeout", "60s").set("ipmi.requestTimeout", "2s")
                .set("ipmi.retries", "1").set("replace.hook", gate.script().toString()).set("replace.hookTimeout", "3m");
        for (int i = 0; i < wires.size(); i++) {
            String node = wires.get(i).node().name();
            IpmiSimulator bmc = bmcs.get(i);
            c.set("nodes." + node + ".protocol", "ipmi").set("nodes." + node + ".address", bmc.host() + ":" + bmc.port())
                    .set("nodes." + node + ".credentials", "config:" + node)
                    .set("credentials." + node + ".username", bmc.username())
                    .secret("credentials." + node + ".password", bmc.password());
        }
        return c.build();
    }

    /**
     * Re-provisioning (the ladder's replace) powers the fenced node on again: each PXE boot first waits for
     * {@code barrier}, such as the safety recorder catching up (see {@link PowerOnGate}).
     */
    void beforePowerOn(Runnable barrier) {
        gate.barrier(barrier);
    }

    @Override
    public void close() {
        gate.close();
        wires.forEach(BmcPower::close);
        bmcs.forEach(IpmiSimulator::close);
    }
}
