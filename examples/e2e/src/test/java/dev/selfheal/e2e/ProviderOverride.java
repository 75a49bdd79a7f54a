package dev.selfheal.e2e;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;

/**
 * An infrastructure with the healer's provider settings replaced (an endpoint behind a server of the test's own, a
 * canary password), everything else as it is.
 *
 * @param infra the infrastructure
 * @param provider the provider settings the healer gets instead
 */
record ProviderOverride(Infrastructure infra, ProviderConfig provider) implements Infrastructure {

    @Override
    public MachineSource machines(String pool) {
        return infra.machines(pool);
    }

    @Override
    public int size() {
        return infra.size();
    }

    @Override
    public String csiDriver() {
        return infra.csiDriver();
    }

    @Override
    public String newVolume() {
        return infra.newVolume();
    }

    @Override
    public void attach(String volume, MachineNodeBridge bridge, String node) {
        infra.attach(volume, bridge, node);
    }

    @Override
    public void beforePowerOn(Runnable barrier) {
        infra.beforePowerOn(barrier);
    }

    @Override
    public boolean machineOff(String machineKey) {
        return infra.machineOff(machineKey);
    }

    @Override
    public void assertDetached(String volume, String machineKey) {
        infra.assertDetached(volume, machineKey);
    }

    @Override
    public void assertReplaced(String machineKey) {
        infra.assertReplaced(machineKey);
    }

    /** The infrastructure stays open: its owner closes it. */
    @Override
    public void close() {
    }
}
