package dev.selfheal.testbed.node;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Hands tests a shared {@link RealNodes} with a control plane of its own, started on first use and closed
 * at the end of the run (every machine powered off, the host left clean).
 */
public final class RealNodesExtension extends PeerExtension<RealNodes> {

    /** Creates the extension. */
    public RealNodesExtension() {
        super(RealNodes.class, RealNodes::start);
    }
}
