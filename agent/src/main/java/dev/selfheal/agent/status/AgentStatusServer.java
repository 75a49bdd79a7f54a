package dev.selfheal.agent.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status endpoint on the JDK's HTTP server, answering on its one dispatcher thread (no executor; the JDK adds
 * a daemon timer thread that closes idle connections; both end with {@link #close()}):
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code alive} while every component's supervision completes rounds; 503 naming
 *       the stalled ones. Reporting is not part of it: an unreachable API server must not get the agent
 *       restarted;</li>
 *   <li>{@code GET /readyz}: 200 once every component's first supervision round is done (and alive), 503 before,
 *       naming the components still pending; reporting is shown, not required;</li>
 *   <li>{@code GET /metrics}: {@link AgentMetrics} in the Prometheus text format.</li>
 * </ul>
 * Other methods get 405, other paths 404. Bodies hold component ids, states and counts only.
 */
public final class AgentStatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStatusServer.class);

    private final HttpServer server;

    private AgentStatusServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code settings.address():settings.port()} and answers from {@code status}, taken per request.
     *
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static AgentStatusServer start(StatusSettings settings, Supplier<AgentStatus> status) {
        InetSocketAddress at;
        HttpServer server;
        try {
            at = new InetSocketAddress(InetAddress.getByName(settings.address()), settings.port());
            server = HttpServer.create(at, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on status.address " + settings.address() + ", status.port "
                    + settings.port() + ": " + e.getMessage(), e);
        }
        server.createContext("/", ex -> answer(ex, status));
        server.setExecutor(null);
        startAsDaemon(server);
        LOG.info("status endpoint on {}:{} (/healthz, /readyz, /metrics)", settings.address(), server.getAddress().getPort());
        return new AgentStatusServer(server);
    }

    /**
     * Starts the server from a daemon thread: its dispatcher thread inherits that, so an agent that is never closed
     * does not keep the JVM alive (as none of the agent's threads does).
     */
    private static void startAsDaemon(HttpServer server) {
        Thread starter = new Thread(server::start, "selfheal-agent-status-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IllegalStateException("interrupted while starting the status endpoint", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening; its thread ends. */
    @Override
    public void close() {
        server.stop(0);
    }

    private static final String TEXT = "text/plain; charset=utf-8";

    private record Reply(int status, String contentType, String body) {
    }

    private static Reply ok(String body) {
        return new Reply(200, TEXT, body);
    }

    private static Reply unavailable(String body) {
        return new Reply(503, TEXT, body);
    }

    private static Reply readiness(AgentStatus s) {
        String reporting = s.report() == null ? "reporting off"
                : "reporting on, " + s.report().heartbeats() + " heartbeats accepted";
        if (!s.alive()) {
            return unavailable("not ready: stalled: " + String.join(", ", s.stalled()) + "; " + reporting + "\n");
        }
        return s.firstRoundPending().isEmpty() ? ok("ready; " + reporting + "\n")
                : unavailable("not ready: first supervision round pending for " + s.firstRoundPending() + "; " + reporting + "\n");
    }

    private static Reply route(String path, AgentStatus s) {
        return switch (path) {
            case "/healthz" -> s.alive() ? ok("alive\n") : unavailable("stalled: " + String.join(", ", s.stalled()) + "\n");
            case "/readyz" -> readiness(s);
            case "/metrics" -> new Reply(200, MetricsText.CONTENT_TYPE, AgentMetrics.text(s));
            default -> new Reply(404, TEXT, "not found; try /healthz, /readyz or /metrics\n");
        };
    }

    private static void answer(HttpExchange ex, Supplier<AgentStatus> status) throws IOException {
        try (ex) {
            Reply r;
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                r = new Reply(405, TEXT, "method not allowed; allowed: GET, HEAD\n");
            } else {
                try {
                    r = route(ex.getRequestURI().getPath(), status.get());
                } catch (RuntimeException e) {
                    LOG.warn("status endpoint {} failed: {} at {}", ex.getRequestURI().getPath(), e.getClass().getName(),
                            e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"); // the class only: no message text
                    r = new Reply(500, TEXT, "internal error: " + e.getClass().getSimpleName() + "\n");
                }
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            ex.sendResponseHeaders(r.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
