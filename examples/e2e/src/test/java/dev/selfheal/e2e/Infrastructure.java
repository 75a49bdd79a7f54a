package dev.selfheal.e2e;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;

/**
 * One real infrastructure peer as a scenario uses it: its machines (as a bridge source), the provider the
 * healer gets for it, a real data volume where the peer has them, and what the peer says about a machine.
 */
interface Infrastructure extends AutoCloseable {

    /** The machines of the scenario's pool, created now. */
    MachineSource machines(String pool);

    /** How many machines {@link #machines} made. */
    int size();

    /** The healer's provider for this peer. */
    ProviderConfig provider();

    /** The CSI driver whose volumes the sample StatefulSet uses. */
    String csiDriver();

    /** A volume handle for the StatefulSet's PersistentVolume, in the peer when it has volumes. */
    String newVolume();

    /** Attaches the volume to the node's machine in the peer, where the peer has volumes. */
    void attach(String volume, MachineNodeBridge bridge, String node);

    /**
     * Runs {@code barrier} before the provider powers a fenced machine on again, where replacing reuses the machine
     * (so a late-delivered release is never judged against the machine's new power); nothing where it does not.
     */
    default void beforePowerOn(Runnable barrier) {
    }

    /** Whether the peer reports the machine off or gone now. */
    boolean machineOff(String machineKey);

    /** Checks in the peer that the volume is no longer attached to the machine. */
    void assertDetached(String volume, String machineKey);

    /** Checks in the peer that the machine was replaced (gone, re-created or re-provisioned). */
    void assertReplaced(String machineKey);

    @Override
    void close();
}
