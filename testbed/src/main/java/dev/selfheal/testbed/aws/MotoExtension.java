package dev.selfheal.testbed.aws;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Starts one {@link MotoServer} per test run and hands it to tests that declare it as a parameter:
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class Ec2IT {
 *     @BeforeEach void clean(MotoServer moto) { moto.reset(); }
 *     @Test void t(MotoServer moto) { ... moto.endpoint() ... }
 * }
 * }</pre>
 * Tests share the server, so they should {@link MotoServer#reset()} it first.
 */
public final class MotoExtension extends PeerExtension<MotoServer> {

    /** Used by JUnit. */
    public MotoExtension() {
        super(MotoServer.class, MotoServer::start);
    }
}
