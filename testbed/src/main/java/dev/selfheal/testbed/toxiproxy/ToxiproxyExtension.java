package dev.selfheal.testbed.toxiproxy;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Starts one {@link ToxiproxyServer} per test run and hands it to tests that declare it as a parameter
 * ({@code @ExtendWith(ToxiproxyExtension.class) class X { @Test void t(ToxiproxyServer toxiproxy) {...} }}).
 * Tests share it: give proxies unique names and {@link ToxiproxyServer#reset()} toxics after use.
 */
public final class ToxiproxyExtension extends PeerExtension<ToxiproxyServer> {

    /** Used by JUnit. */
    public ToxiproxyExtension() {
        super(ToxiproxyServer.class, ToxiproxyServer::start);
    }
}
