package dev.selfheal.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The status server's answers for each state, its refusals, and a port that cannot be bound. */
class AgentStatusServerTest {


    @Test
    void answersEachStateAndClosesItsPort() throws Exception {
        AtomicReference<AgentStatus> now = new AtomicReference<>(status(List.of("kubelet"), List.of()));
        int port;
        try (AgentStatusServer server = start(now::get)) {
            port = server.port();
            assertThat(get(port, "/healthz")).isEqualTo("200 alive\n");
            assertThat(get(port, "/readyz")).isEqualTo("503 not ready: first supervision round pending for [kubelet]; reporting off\n");
            now.set(status(List.of(), List.of()));
            assertThat(get(port, "/readyz")).isEqualTo("200 ready; reporting off\n");
            now.set(status(List.of(), List.of("kubelet: no supervision round for 75 s")));
            assertThat(get(port, "/healthz")).isEqualTo("503 stalled: kubelet: no supervision round for 75 s\n");
            assertThat(get(port, "/readyz")).startsWith("503 not ready: stalled: kubelet");
            assertThat(get(port, "/metrics")).startsWith("200 # HELP selfheal_agent_ready").contains("selfheal_agent_ready 0\n");
            assertThat(get(port, "/healthz/x")).startsWith("404 ");
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("HTTP-Dispatcher"))
                    .as("its thread does not keep the JVM alive").isNotEmpty().allMatch(Thread::isDaemon);
        }
        assertThatThrownBy(() -> get(port, "/healthz")).isInstanceOf(IOException.class);
    }

    @Test
    void aFailingSourceGives500WithoutItsMessage() throws Exception {
        try (AgentStatusServer server = start(() -> {
            throw new IllegalStateException("token=do-not-show");
        })) {
            assertThat(get(server.port(), "/metrics")).isEqualTo("500 internal error: IllegalStateException\n");
        }
    }

    @Test
    void aPortInUseFailsNamingTheKeys() {
        try (AgentStatusServer first = start(() -> status(List.of(), List.of()))) {
            assertThatThrownBy(() -> AgentStatusServer.start(new StatusSettings(first.port(), "127.0.0.1"),
                    () -> status(List.of(), List.of())))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("status.address 127.0.0.1, status.port " + first.port());
        }
    }

    private static AgentStatusServer start(Supplier<AgentStatus> source) {
        return AgentStatusServer.start(new StatusSettings(freePort(), "127.0.0.1"), source);
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AgentStatus status(List<String> pending, List<String> stalled) {
        return new AgentStatus(List.of(), List.of(), null, Map.of(), pending, stalled);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
