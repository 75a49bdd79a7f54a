package dev.selfheal.testbed.toxiproxy;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Toxiproxy server ({@code toxiproxy-server} from {@code github.com/Shopify/toxiproxy/v2}, pinned by
 * {@code TOXIPROXY_VERSION}) on 127.0.0.1, for fault injection between a client and any peer: latency,
 * time-outs, connection resets, bandwidth limits.
 *
 * <pre>{@code
 * Proxy p = toxiproxy.proxy("moto", moto.hostPort());
 * URI endpoint = ToxiproxyServer.uri("http", p);                 // point the client here
 * p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 2_000);  // eu.rekawek.toxiproxy API
 * }</pre>
 *
 * Provisioned by {@code testbed/provision/provision.sh toxiproxy}; when missing, {@link #start()} fails with a
 * {@link MissingPeerException} saying so.
 */
public final class ToxiproxyServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final PeerProcess process;
    private final int apiPort;
    private final ToxiproxyClient client;

    private ToxiproxyServer(PeerProcess process, int apiPort) {
        this.process = process;
        this.apiPort = apiPort;
        this.client = new ToxiproxyClient("127.0.0.1", apiPort);
    }

    /**
     * Starts Toxiproxy with its API on a free port and waits until the API answers.
     *
     * @throws MissingPeerException when toxiproxy-server is not provisioned
     */
    public static ToxiproxyServer start() {
        Path exe = TestbedCache.executable("toxiproxy-" + Versions.get("TOXIPROXY_VERSION"), "toxiproxy-server", "toxiproxy");
        Path dir = Workspace.newDir("toxiproxy");
        int port = Ports.free();
        PeerProcess p = PeerProcess.start("toxiproxy",
                List.of(exe.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port)),
                Map.of(), dir, dir.resolve("toxiproxy.log"));
        ToxiproxyServer server = new ToxiproxyServer(p, port);
        try {
            Await.ready(p, START_TIMEOUT, () -> {
                try {
                    return !server.client.version().isBlank();
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            p.kill();
            throw e;
        }
        return server;
    }

    /**
     * Creates a proxy that listens on a free 127.0.0.1 port and forwards to {@code upstreamHostPort}
     * (such as {@code "127.0.0.1:5000"}). Its listen address is {@link Proxy#getListen()}.
     *
     * @param name a unique proxy name
     */
    public Proxy proxy(String name, String upstreamHostPort) {
        return proxy(name, "127.0.0.1", upstreamHostPort);
    }

    /**
     * Creates a proxy that listens on a free port of {@code listenAddress} (an address of this host, such as the
     * real nodes' {@code RealNodes#hostAddress()}) and forwards to {@code upstreamHostPort}.
     *
     * @param name a unique proxy name
     */
    public Proxy proxy(String name, String listenAddress, String upstreamHostPort) {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return client.createProxy(name, listenAddress + ":" + Ports.free(), upstreamHostPort);
            } catch (IOException e) {
                last = e; // the port may have been taken since it was free; try another
            }
        }
        throw new UncheckedIOException("cannot create toxiproxy proxy " + name + " to " + upstreamHostPort
                + "; log " + process.log() + ":\n" + process.logTail(20), last);
    }

    /** The port a proxy listens on. */
    public static int port(Proxy proxy) {
        String listen = proxy.getListen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** {@code scheme://127.0.0.1:PORT} of a proxy, for a client's endpoint. */
    public static URI uri(String scheme, Proxy proxy) {
        return URI.create(scheme + "://127.0.0.1:" + port(proxy));
    }

    /** The Toxiproxy API client (eu.rekawek.toxiproxy). */
    public ToxiproxyClient client() {
        return client;
    }

    /** The API's port. */
    public int apiPort() {
        return apiPort;
    }

    /** Removes every toxic and re-enables every proxy (the proxies stay). */
    public void reset() {
        try {
            client.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("toxiproxy reset failed", e);
        }
    }

    /** Deletes every proxy. */
    public void deleteAllProxies() {
        try {
            for (Proxy p : client.getProxies()) {
                p.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete toxiproxy proxies", e);
        }
    }

    /** The process, for fault injection. */
    public PeerProcess process() {
        return process;
    }

    /** Stops Toxiproxy (every proxy with it). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "ToxiproxyServer[api 127.0.0.1:" + apiPort + "]";
    }
}
