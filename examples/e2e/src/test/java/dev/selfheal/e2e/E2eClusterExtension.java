package dev.selfheal.e2e;

import dev.selfheal.testbed.junit.PeerExtension;

/** Hands the run's shared {@link E2eCluster} to scenario tests, starting it on first use. */
public final class E2eClusterExtension extends PeerExtension<E2eCluster> {

    /** Used by JUnit. */
    public E2eClusterExtension() {
        super(E2eCluster.class, E2eCluster::start);
    }
}
