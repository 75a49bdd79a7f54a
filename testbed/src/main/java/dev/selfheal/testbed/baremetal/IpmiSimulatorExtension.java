package dev.selfheal.testbed.baremetal;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Hands tests a shared {@link IpmiSimulator} (machine powered on at start), started on first use and
 * stopped at the end of the run. Tests set the state they need with
 * {@link IpmiSimulator#setPowerState(IpmiSimulator.Power)} and resume a frozen simulator before they end.
 */
public final class IpmiSimulatorExtension extends PeerExtension<IpmiSimulator> {

    /** Creates the extension. */
    public IpmiSimulatorExtension() {
        super(IpmiSimulator.class, IpmiSimulator::start);
    }
}
