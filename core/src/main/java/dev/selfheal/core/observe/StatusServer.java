package dev.selfheal.core.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server (the JDK's) for the probes and the scraper of a healer or a node agent:
 * <ul>
 *   <li>{@code GET /metrics}: the meters in the Prometheus text format;</li>
 *   <li>{@code GET /healthz}: 200 while the process runs its loop, else 503 (a liveness probe);</li>
 *   <li>{@code GET /readyz}: 200 once the watches synced, else 503 (a readiness probe); the body also says
 *       whether this instance leads, which readiness does not require (a follower is ready to take over).</li>
 * </ul>
 * Only {@code GET} and {@code HEAD}; anything else is 405, other paths 404. Serves no secrets: meters carry none.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;

    /**
     * What the endpoints answer.
     *
     * @param metrics the meters in the Prometheus text format
     * @param live whether the process is alive (its loop runs)
     * @param ready whether it is ready (its watches synced)
     * @param leader whether it leads now (shown, not required)
     */
    public record Probes(Supplier<String> metrics, BooleanSupplier live, BooleanSupplier ready, BooleanSupplier leader) {
        /** Checks that nothing is null. */
        public Probes {
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(live, "live");
            Objects.requireNonNull(ready, "ready");
            Objects.requireNonNull(leader, "leader");
        }
    }

    private StatusServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Starts serving on {@code address:port} ({@code port} 0: a free port, see {@link #port()}).
     *
     * @throws IllegalArgumentException when the port is outside 0-65535
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public static StatusServer start(String address, int port, Probes probes) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535, not " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and probes on " + address + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "selfheal-status-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, probes));
        server.start();
        StatusServer started = new StatusServer(server, threads);
        LOG.info("serving /metrics, /healthz and /readyz on {}:{}", address, started.port());
        return started;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Probes probes) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> reply(exchange, 200, PROMETHEUS_TEXT, probes.metrics().get());
                case "/healthz" -> probe(exchange, probes.live().getAsBoolean(), "alive", "not running", probes);
                case "/readyz" -> probe(exchange, probes.ready().getAsBoolean(), "ready", "watches not synced", probes);
                default -> reply(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics, /healthz, /readyz\n");
            }
        } catch (IOException e) {
            LOG.debug("status request {} broke off: {}", exchange.getRequestURI().getPath(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("status request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
            try {
                reply(exchange, 500, "text/plain; charset=utf-8", "internal error\n");
            } catch (IOException | RuntimeException alreadyAnswering) {
                LOG.debug("could not answer 500: {}", alreadyAnswering.toString());
            }
        }
    }

    private static void probe(HttpExchange exchange, boolean ok, String yes, String no, Probes probes) throws IOException {
        String body = (ok ? yes : no) + "; leader: " + (probes.leader().getAsBoolean() ? "yes" : "no") + "\n";
        reply(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", body);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
