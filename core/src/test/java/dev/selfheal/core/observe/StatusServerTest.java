package dev.selfheal.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean leader = new AtomicBoolean();
    private final StatusServer server = StatusServer.start("127.0.0.1", 0, new StatusServer.Probes(
            () -> "# TYPE selfheal_leader gauge\nselfheal_leader 0.0\n", live::get, ready::get, leader::get));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheMetricsInThePrometheusTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics", "GET");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(StatusServer.PROMETHEUS_TEXT);
        assertThat(r.body()).contains("selfheal_leader 0.0");
    }

    @Test
    void isReadyOnlyOnceTheWatchesSyncedAndShowsLeadershipWithoutRequiringIt() throws Exception {
        assertThat(get("/readyz", "GET").statusCode()).isEqualTo(503);
        ready.set(true);
        HttpResponse<String> r = get("/readyz", "GET");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ready; leader: no\n");
        leader.set(true);
        assertThat(get("/readyz", "GET").body()).isEqualTo("ready; leader: yes\n");
    }

    @Test
    void isLiveWhileTheLoopRuns() throws Exception {
        assertThat(get("/healthz", "GET").statusCode()).isEqualTo(200);
        live.set(false);
        assertThat(get("/healthz", "GET").statusCode()).isEqualTo(503);
    }

    @Test
    void refusesOtherMethodsAndPaths() throws Exception {
        assertThat(get("/metrics", "POST").statusCode()).isEqualTo(405);
        assertThat(get("/admin", "GET").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAPortOutOfRangeNamingIt() {
        assertThatThrownBy(() -> StatusServer.start("127.0.0.1", 70000, new StatusServer.Probes(() -> "", () -> true,
                () -> true, () -> true))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
