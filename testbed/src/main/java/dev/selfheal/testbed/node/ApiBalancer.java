package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A local load balancer in front of several API servers: Debian's haproxy on the host, in TCP mode (TLS passes
 * through, so client certificates reach the API servers), listening on the host's address on the node network
 * where the host and every node reach it. Each API server is health-checked over TLS (verified against the
 * testbed CA) with {@code GET /readyz} every second: two failures take it out, two successes put it back, and a
 * connection refused by a server not yet marked down is retried on another ({@code option redispatch}). The
 * sessions of a server marked down are cut ({@code on-marked-down shutdown-sessions}): a client's long-lived
 * connection (a kubelet's HTTP/2 connection) to an API server that hangs, such as one whose etcd lost its quorum,
 * would otherwise keep carrying its requests there until each timed out; cut, the client connects again and
 * reaches a ready server, or is refused at once when none is.
 * The process is closed with the balancer and never outlives the test's JVM.
 */
final class ApiBalancer implements AutoCloseable {

    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private final PeerProcess process;
    private final String address;
    private final int port;

    private ApiBalancer(PeerProcess process, String address, int port) {
        this.process = process;
        this.address = address;
        this.port = port;
    }

    /**
     * Starts haproxy on {@code address} (a free port) in front of {@code servers} ({@code ip:port} each).
     *
     * @throws MissingPeerException when haproxy is not installed, naming the Debian package
     */
    static ApiBalancer start(Path dir, String address, int port, List<String> servers, Path caPem) {
        requireHaproxy();
        Path config = dir.resolve("haproxy.cfg");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, config(address, port, servers, caPem));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        HostCommand.run(HAPROXY.toString(), "-c", "-q", "-f", config.toString());
        PeerProcess p = PeerProcess.start("haproxy", List.of(HAPROXY.toString(), "-db", "-f", config.toString()), Map.of(),
                dir, dir.resolve("haproxy.log"));
        ApiBalancer balancer = new ApiBalancer(p, address, port);
        try {
            Await.ready(p, Duration.ofSeconds(10), balancer::listening);
            return balancer;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    static void requireHaproxy() {
        if (!Files.isExecutable(HAPROXY)) {
            throw new MissingPeerException(HAPROXY + " not found. Install the Debian package haproxy (apt-get install"
                    + " haproxy, or run testbed/provision/provision.sh realnode-apt)");
        }
    }

    static String config(String address, int port, List<String> servers, Path caPem) {
        List<String> lines = new ArrayList<>(List.of(
                "global",
                "  log stdout format raw local0 notice",
                "  maxconn 512",
                "  nbthread 1",
                "defaults",
                "  mode tcp",
                "  log global",
                "  timeout connect 2s",
                "  timeout client 1h",
                "  timeout server 1h",
                "  timeout check 2s",
                "  retries 3",
                "  option redispatch 1",
                "frontend kube-apiserver",
                "  bind " + address + ":" + port,
                "  default_backend kube-apiservers",
                "backend kube-apiservers",
                "  balance roundrobin",
                "  option httpchk",
                "  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost",
                "  http-check expect status 200",
                "  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions check check-ssl verify required ca-file "
                        + caPem));
        for (int i = 0; i < servers.size(); i++) {
            lines.add("  server apiserver-" + (i + 1) + " " + servers.get(i));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** {@code https://<address>:<port>}. */
    String url() {
        return "https://" + address + ":" + port;
    }

    /** The listening address. */
    String address() {
        return address;
    }

    /** The listening port. */
    int port() {
        return port;
    }

    /** The haproxy process (for its log and pid). */
    PeerProcess process() {
        return process;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
