package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.config.YamlConfigReader;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.prometheus.PrometheusServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The standalone healer's {@code /metrics} scraped by a real Prometheus, on a real control plane with kwok nodes
 * and the AWS provider on moto: every meter the dashboard and the alert rules read is asserted through
 * Prometheus' HTTP API, and the probes answer.
 */
@ExtendWith({KubeTestbedExtension.class, MotoExtension.class})
class MetricsScrapeIT {

    private static final Duration SCRAPED = Duration.ofSeconds(60);
    /** kwok renews a node's Lease every 10 s; the healer calls it lost after 25 s. */
    private static final Duration DETECTED = Duration.ofSeconds(120);
    private static final String NS = "selfheal-metrics";

    @Test
    void aRealPrometheusScrapesEveryMeterOfTheHealer(KubeTestbed kube, MotoServer moto) throws Exception {
        RbacManifests.apply(kube.client(), NS, "selfheal");
        kube.nodes().addReady(NodeTemplate.named("metrics-a").withProviderId("aws:///us-east-1a/i-0123456789abcdef0"),
                Duration.ofSeconds(60));
        kube.nodes().addReady(NodeTemplate.named("metrics-b"), Duration.ofSeconds(60));
        KubernetesClient asHealer = kube.serviceAccountClient(NS, "selfheal");
        try (StandaloneHealer healer = StandaloneHealer.startServing(asHealer, config(moto), List.of(), 0);
             PrometheusServer prometheus = PrometheusServer.builder().scrape("selfheal", "127.0.0.1:" + healer.metricsPort())
                     .start()) {
            assertThat(get(healer, "/readyz")).isEqualTo("200 ready; leader: yes\n");
            assertThat(get(healer, "/healthz")).startsWith("200 alive");

            assertThat(value(prometheus.awaitSeries("up{job=\"selfheal\"} == 1", SCRAPED))).isEqualTo(1.0);
            assertThat(value(prometheus.awaitSeries("selfheal_ready", SCRAPED))).isEqualTo(1.0);
            assertThat(value(prometheus.awaitSeries("selfheal_leader", SCRAPED))).isEqualTo(1.0);
            assertThat(value(prometheus.awaitSeries("selfheal_storm_frozen", SCRAPED))).isZero();
            assertThat(value(prometheus.awaitSeries("selfheal_nodes_attempts_exhausted", SCRAPED))).isZero();
            assertThat(prometheus.awaitSeries("selfheal_remediations_current", SCRAPED)).extracting(s -> s.path("metric")
                    .path("state").asText()).containsExactlyInAnyOrder("PENDING", "REMEDIATING", "SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(value(prometheus.awaitSeries("selfheal_provider_breaker_state{provider=\"aws\",state=\"closed\"}",
                    SCRAPED))).isEqualTo(1.0);
            assertThat(value(prometheus.awaitSeries("selfheal_provider_breaker_state{provider=\"aws\",state=\"open\"}",
                    SCRAPED))).isZero();
            assertThat(prometheus.awaitSeries("jvm_memory_used_bytes", SCRAPED)).isNotEmpty();

            kube.nodes().stopHeartbeat("metrics-a");
            List<JsonNode> detections = prometheus.awaitSeries("selfheal_detections_total > 0", DETECTED);
            assertThat(detections).extracting(s -> s.path("metric").path("class").asText()).containsExactly("NODE_UNREACHABLE");
            List<JsonNode> calls = prometheus.awaitSeries(
                    "selfheal_provider_calls_seconds_count{provider=\"aws\",operation=\"resolve\"} > 0", SCRAPED);
            assertThat(calls).extracting(s -> s.path("metric").path("outcome").asText()).contains("ok");
            assertThat(prometheus.awaitSeries("selfheal_provider_calls_seconds_bucket{provider=\"aws\",le=\"+Inf\"}",
                    SCRAPED)).isNotEmpty();
            assertThat(prometheus.awaitSeries("selfheal_blocked_total{gate=\"dry-run\"} > 0", SCRAPED)).hasSize(1);
        } finally {
            kube.nodes().delete("metrics-a");
            kube.nodes().delete("metrics-b");
        }
    }

    /** Dry run: it judges and plans, never acts; the AWS provider on moto answers its reads. */
    private static SelfhealConfig config(MotoServer moto) {
        return YamlConfigReader.read("""
                namespace: %s
                identity: metrics-healer
                dryRun: true
                checks: {notReadyAfter: 25s, heartbeatLostAfter: 25s}
                gates: {maxUnhealthy: 60%%}
                leader: {enabled: true}
                providers:
                  - type: aws
                    settings: {region: %s, endpoint: "%s", credentials: static}
                    secretsFromEnv: {accessKeyId: MOTO_KEY, secretAccessKey: MOTO_SECRET}
                """.formatted(NS, moto.region(), moto.endpoint()),
                Map.of("MOTO_KEY", moto.accessKeyId(), "MOTO_SECRET", moto.secretAccessKey()));
    }

    private static String get(StandaloneHealer healer, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + healer.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static double value(List<JsonNode> series) {
        assertThat(series).hasSize(1);
        return Double.parseDouble(series.get(0).path("value").get(1).asText());
    }
}
