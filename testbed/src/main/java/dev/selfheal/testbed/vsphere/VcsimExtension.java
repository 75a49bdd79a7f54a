package dev.selfheal.testbed.vsphere;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Starts one {@link Vcsim} with default options per test run and hands it to tests that declare it as a
 * parameter ({@code @ExtendWith(VcsimExtension.class) class X { @Test void t(Vcsim vc) {...} }}). Tests that need
 * method delays start their own with {@link Vcsim#builder()}; tests that {@link Vcsim#restart()} the shared
 * one reset its inventory for the tests after them.
 */
public final class VcsimExtension extends PeerExtension<Vcsim> {

    /** Used by JUnit. */
    public VcsimExtension() {
        super(Vcsim.class, Vcsim::start);
    }
}
