package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.prometheus.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's status endpoint ({@code status.port}) scraped by a real Prometheus while the agent supervises a
 * healthy process and a crash-looping one and reports to a real API server under its own ServiceAccount: the
 * component, escalation, condition, heartbeat and restart-request series are asserted through Prometheus' HTTP
 * API, the probes and the refusals over plain HTTP, and the port is closed by {@code close()}.
 */
@ExtendWith(KubeTestbedExtension.class)
class AgentStatusIT {

    private static final Duration SCRAPED = Duration.ofSeconds(30);
    private static final String NS = "selfheal-agent-status";
    private static final String NODE = "status-1";

    @Test
    void aRealPrometheusScrapesTheAgentAndTheProbesAnswer(KubeTestbed kube) throws Exception {
        AgentItSupport.namespace(kube.client(), NS);
        AgentItSupport.applyRbac(kube.client(), NS, "selfheal-agent");
        kube.nodes().addReady(NodeTemplate.named(NODE), Duration.ofSeconds(60));
        Path dir = Workspace.newDir("agent-status");
        Path kubeconfig = AgentItSupport.tokenKubeconfig(kube, NS, "selfheal-agent", dir.resolve("agent.kubeconfig"));
        int http = Ports.free();
        AgentConfig cfg = AgentConfig.parse("""
                node: %s
                namespace: %s
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kube-proxy
                    runtime: process
                    command: [python3, -m, http.server, '%d', --bind, 127.0.0.1]
                    probe: {type: http, url: 'http://127.0.0.1:%d/', timeout: 1s}
                  - component: kube-scheduler
                    runtime: process
                    command: [sh, -c, 'exit 3']
                    probe: {type: exec, command: ['false']}
                    restart: {backoff: 200ms, maxBackoff: 400ms, budget: 2, window: 5m}
                os: {interval: 5s, kernelLog: none}
                report: {kubeconfig: %s, requestTimeout: 3s}
                status: {port: %d, address: 127.0.0.1}
                """.formatted(NODE, NS, http, http, kubeconfig, Ports.free()), dir, Map.of());
        int port;
        try (NodeAgent agent = NodeAgent.builder(cfg).build()) {
            agent.start();
            port = agent.statusPort().orElseThrow();
            try (PrometheusServer prometheus = PrometheusServer.builder().scrape("selfheal-agent", "127.0.0.1:" + port).start()) {
                Await.until("the agent ready", SCRAPED, () -> answers(port, "/readyz"));
                assertThat(get(port, "GET", "/readyz")).startsWith("200 ready; reporting on, ");
                assertThat(get(port, "GET", "/healthz")).isEqualTo("200 alive\n");
                assertThat(get(port, "GET", "/nothing")).startsWith("404 ");
                assertThat(get(port, "POST", "/metrics")).startsWith("405 ");

                assertThat(value(prometheus.awaitSeries("up{job=\"selfheal-agent\"} == 1", SCRAPED))).isEqualTo(1.0);
                assertThat(value(prometheus.awaitSeries("selfheal_agent_ready == 1", SCRAPED))).isEqualTo(1.0);
                assertThat(value(prometheus.awaitSeries("selfheal_agent_component_up{component=\"kube-proxy\"} == 1",
                        SCRAPED))).isEqualTo(1.0);
                assertThat(value(prometheus.awaitSeries("selfheal_agent_escalations_total{component=\"kube-scheduler\"} > 0",
                        SCRAPED))).isEqualTo(1.0);
                assertThat(value(prometheus.awaitSeries(
                        "selfheal_agent_component_restarts_total{component=\"kube-scheduler\"} >= 2", SCRAPED))).isGreaterThanOrEqualTo(2.0);
                assertThat(value(prometheus.awaitSeries("selfheal_agent_component_up{component=\"kube-scheduler\"}",
                        SCRAPED))).isZero();
                assertThat(value(prometheus.awaitSeries("selfheal_agent_component_escalated{component=\"kube-scheduler\"} == 1",
                        SCRAPED))).isEqualTo(1.0);
                assertThat(prometheus.awaitSeries("selfheal_agent_node_condition == 1", SCRAPED))
                        .extracting(s -> s.path("metric").path("type").asText()).contains(AgentConditions.ESCALATION);
                assertThat(prometheus.awaitSeries("selfheal_agent_heartbeats_total > 0", SCRAPED)).hasSize(1);
                assertThat(prometheus.awaitSeries("time() - selfheal_agent_heartbeat_last_success_timestamp_seconds < 60",
                        SCRAPED)).hasSize(1);

                String request = RestartRequest.of(Component.KUBE_PROXY, "status-it-1").value();
                kube.client().nodes().withName(NODE).edit(n -> {
                    Map<String, String> a = new java.util.HashMap<>(n.getMetadata().getAnnotations() == null ? Map.of()
                            : n.getMetadata().getAnnotations());
                    a.put(RestartRequest.ANNOTATION, request);
                    n.getMetadata().setAnnotations(a);
                    return n;
                });
                Await.until("the restart request answered", SCRAPED, () -> "status-it-1/done".equals(kube.client().nodes()
                        .withName(NODE).get().getMetadata().getAnnotations().get(RestartAck.ANNOTATION)));
                assertThat(value(prometheus.awaitSeries("selfheal_agent_restart_requests_total{outcome=\"done\"} == 1",
                        SCRAPED))).isEqualTo(1.0);
                assertThat(value(prometheus.awaitSeries("selfheal_agent_restart_requests_total{outcome=\"failed\"}",
                        SCRAPED))).isZero();
                String metrics = get(port, "GET", "/metrics");
                assertThat(metrics).startsWith("200 ").contains("# TYPE selfheal_agent_component_up gauge\n")
                        .doesNotContain("eyJ").doesNotContain("Bearer").doesNotContain("token");
            }
        } finally {
            kube.nodes().delete(NODE);
        }
        assertThatThrownBy(() -> get(port, "GET", "/healthz")).as("close() closes the port").isInstanceOf(IOException.class);
    }

    private static String get(int port, String method, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static boolean answers(int port, String path) {
        try {
            return get(port, "GET", path).startsWith("200 ");
        } catch (Exception e) {
            return false;
        }
    }

    private static double value(List<JsonNode> series) {
        assertThat(series).hasSize(1);
        return Double.parseDouble(series.get(0).path("value").get(1).asText());
    }
}
