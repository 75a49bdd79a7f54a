package dev.selfheal.testbed.front;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP(S) server of a test's own, on 127.0.0.1, standing in front of a real peer: it forwards every
 * request to the peer unless its {@link Rule} answers otherwise (a redirect to another server, an error that
 * echoes the request, a status without body), and records every request it received. Without an upstream it
 * only records and answers 404: a second listener that tells whether anything (credentials, a password) was
 * sent to it. This is a misbehaviour injected in front of the peer, never an imitation of the peer's API.
 */
public final class FrontServer implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /**
     * One request as received.
     *
     * @param method the HTTP method
     * @param pathAndQuery the raw path and query
     * @param headers the headers, names in lower case
     * @param body the body
     */
    public record Exchange(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's first value, or {@code null}. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The whole request as text (request line, headers and body), to search for what must not be there. */
        public String everything() {
            return method + " " + pathAndQuery + "\n" + headers + "\n" + bodyText();
        }
    }

    /**
     * An answer to send.
     *
     * @param status the HTTP status
     * @param headers the headers
     * @param body the body
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        /** An answer with one content type and a text body ({@code null} content type: no body header). */
        public static Answer of(int status, String contentType, String body) {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (contentType != null) {
                h.put("Content-Type", List.of(contentType));
            }
            return new Answer(status, h, body.getBytes(StandardCharsets.UTF_8));
        }

        /** A redirect without body. */
        public static Answer redirect(int status, String location) {
            return new Answer(status, Map.of("Location", List.of(location)), new byte[0]);
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Decides the answer to a request; {@code upstream} forwards it to the peer and returns the peer's answer. */
    @FunctionalInterface
    public interface Rule {
        /** The answer to send for {@code request}. */
        Answer answer(Exchange request, Function<Exchange, Answer> upstream);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI upstream;
    private final Rule rule;
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final URI uri;

    private FrontServer(URI upstream, SSLContext upstreamTrust, SSLContext serving, Rule rule) throws IOException {
        this.upstream = upstream;
        this.rule = rule;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "front-server");
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        if (upstreamTrust != null) {
            b.sslContext(upstreamTrust);
        }
        this.client = b.build();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", 0);
        if (serving != null) {
            HttpsServer s = HttpsServer.create(at, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(serving));
            this.server = s;
        } else {
            this.server = HttpServer.create(at, 0);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.uri = URI.create((serving != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts a server in front of {@code upstream}.
     *
     * @param upstream the real peer, such as {@code https://127.0.0.1:8443}
     * @param upstreamTrust trust for the peer's certificate, or {@code null} for plain http or the JDK defaults
     * @param serving the TLS context to serve with, or {@code null} for plain http
     * @param rule what to answer
     */
    public static FrontServer start(URI upstream, SSLContext upstreamTrust, SSLContext serving, Rule rule) {
        try {
            return new FrontServer(Objects.requireNonNull(upstream, "upstream"), upstreamTrust, serving, rule);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a front server", e);
        }
    }

    /** A plain http listener that records every request and answers 404. */
    public static FrontServer recording() {
        try {
            return new FrontServer(null, null, null, (request, upstream) -> Answer.of(404, "text/plain", "nothing here"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a recording server", e);
        }
    }

    /** Where the server listens: {@code http(s)://127.0.0.1:PORT}. */
    public URI uri() {
        return uri;
    }

    /** Every request received so far, in order. */
    public List<Exchange> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            http.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            Exchange request = new Exchange(http.getRequestMethod(), http.getRequestURI().toString(), headers, body);
            received.add(request);
            Answer a;
            try {
                a = rule.answer(request, this::forward);
            } catch (RuntimeException e) {
                a = Answer.of(502, "text/plain", "front server: " + e);
            }
            a.headers().forEach((k, v) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    v.forEach(value -> http.getResponseHeaders().add(k, value));
                }
            });
            http.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    private Answer forward(Exchange request) {
        if (upstream == null) {
            return Answer.of(404, "text/plain", "no upstream");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(request.pathAndQuery()))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((k, v) -> {
            if (!HOP_HEADERS.contains(k)) {
                v.forEach(value -> b.header(k, value));
            }
        });
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
