package dev.selfheal.testbed.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real Prometheus server on 127.0.0.1 that scrapes the targets a test names every second, with its HTTP API
 * for instant queries ({@code /api/v1/query}) and the targets' health ({@code /api/v1/targets}).
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.builder().scrape("healer", "127.0.0.1:" + port).start()) {
 *     List<JsonNode> series = prometheus.awaitSeries("selfheal_leader == 1", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * Debian's {@code prometheus} package (pinned by {@code PROMETHEUS_DEB_VERSION}) is provisioned by
 * {@code testbed/provision/provision.sh prometheus}; when missing, {@link Builder#start()} fails with a
 * {@link MissingPeerException} saying so.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PeerProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A builder: name the scrape targets, then {@link Builder#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URI of its HTTP API, {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Runs an instant query; returns the result's series (each with {@code metric} labels and {@code value}).
     *
     * @throws IllegalStateException when Prometheus answers with an error (such as a bad query), with its message
     */
    public List<JsonNode> query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query " + promql + " failed: " + body.path("error").asText());
        }
        List<JsonNode> series = new ArrayList<>();
        body.path("data").path("result").forEach(series::add);
        return series;
    }

    /** Waits until {@code promql} returns at least one series; returns them. */
    public List<JsonNode> awaitSeries(String promql, Duration timeout) {
        List<List<JsonNode>> found = new ArrayList<>();
        Await.until("Prometheus to return series for " + promql, timeout, Duration.ofMillis(500), () -> {
            List<JsonNode> s = query(promql);
            found.clear();
            found.add(s);
            return !s.isEmpty();
        }, () -> "last targets: " + get("/api/v1/targets").path("data").path("activeTargets"));
        return found.get(0);
    }

    /** The active scrape targets as Prometheus reports them ({@code health}, {@code lastError}, {@code scrapeUrl}). */
    public List<JsonNode> targets() {
        List<JsonNode> t = new ArrayList<>();
        get("/api/v1/targets").path("data").path("activeTargets").forEach(t::add);
        return t;
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus API " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(uri() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process, for its log. */
    public PeerProcess process() {
        return process;
    }

    /** Stops Prometheus. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "PrometheusServer[" + uri() + "]";
    }

    /** Builds the scrape configuration and starts the server. */
    public static final class Builder {
        private final List<String[]> targets = new ArrayList<>();

        private Builder() {
        }

        /** Scrapes {@code GET http://HOST:PORT/metrics} every second under the job name {@code job}. */
        public Builder scrape(String job, String hostPort) {
            targets.add(new String[] {Objects.requireNonNull(job, "job"), Objects.requireNonNull(hostPort, "hostPort")});
            return this;
        }

        /**
         * Starts Prometheus on a free port and waits until it is ready.
         *
         * @throws MissingPeerException when Debian's prometheus is not provisioned
         */
        public PrometheusServer start() {
            Path exe = PrometheusTools.prometheus();
            Path dir = Workspace.newDir("prometheus");
            int port = Ports.free();
            Path config = dir.resolve("prometheus.yml");
            try {
                Files.writeString(config, config());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            PeerProcess p = PeerProcess.start("prometheus", List.of(exe.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn"), Map.of(), dir, dir.resolve("prometheus.log"));
            PrometheusServer server = new PrometheusServer(p, port);
            try {
                Await.ready(p, START_TIMEOUT, server::answers);
            } catch (RuntimeException | Error e) {
                p.kill();
                throw e;
            }
            return server;
        }

        private String config() {
            StringBuilder y = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                    + "scrape_configs:\n");
            for (String[] t : targets) {
                y.append("  - job_name: '").append(t[0]).append("'\n    static_configs:\n      - targets: ['")
                        .append(t[1]).append("']\n");
            }
            return y.toString();
        }
    }
}
