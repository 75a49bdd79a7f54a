package dev.selfheal.testbed.baremetal;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Hands tests a shared {@link RedfishEmulator} with {@link RedfishEmulator#DEFAULT_SYSTEMS}, started on first
 * use and stopped at the end of the run. Tests that change power states leave them changed for later
 * tests; tests that need a known state or other systems start their own with
 * {@link RedfishEmulator#start(java.util.List)}.
 */
public final class RedfishEmulatorExtension extends PeerExtension<RedfishEmulator> {

    /** Creates the extension. */
    public RedfishEmulatorExtension() {
        super(RedfishEmulator.class, RedfishEmulator::start);
    }
}
