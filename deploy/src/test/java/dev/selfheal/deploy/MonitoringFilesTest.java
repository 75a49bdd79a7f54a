package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules: the copies in docs/ equal the chart's, and they read only meters the healer
 * publishes (MetricsScrapeIT in examples/standalone-healer asserts that a real Prometheus scrapes each of them).
 */
class MonitoringFilesTest {

    /** Every series name of the healer's meters, as Prometheus names them. */
    static final Set<String> PUBLISHED = Set.of("selfheal_leader", "selfheal_ready", "selfheal_storm_frozen",
            "selfheal_remediations_current", "selfheal_nodes_attempts_exhausted", "selfheal_provider_breaker_state",
            "selfheal_provider_calls_seconds_bucket", "selfheal_provider_calls_seconds_count", "selfheal_detections_total",
            "selfheal_remediations_total", "selfheal_blocked_total", "selfheal_steps_total", "selfheal_time_to_recover_seconds_bucket",
            "selfheal_time_to_recover_seconds_sum", "selfheal_time_to_recover_seconds_count");
    private static final Pattern SERIES = Pattern.compile("\\bselfheal_[a-z_]+");
    private static final Path DASHBOARD = Chart.DIR.resolve("files/selfheal-dashboard.json");

    @Test
    void theDocsCopiesAreTheChartsFiles() throws Exception {
        assertThat(Files.readString(Path.of("../docs/monitoring/selfheal-dashboard.json"))).isEqualTo(Files.readString(DASHBOARD));
        assertThat(Files.readString(Path.of("../docs/monitoring/selfheal-alerts.yaml")))
                .isEqualTo(Files.readString(AlertRulesIT.RULES));
    }

    @Test
    void theDashboardShowsEveryAreaFromPublishedMeters() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(d.path("uid").asText()).isEqualTo("selfheal");
        List<String> titles = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            titles.add(p.path("title").asText());
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
            p.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        assertThat(titles).contains("Detections by failure class", "Remediations by outcome and failure class",
                "Time to recover", "Storm freeze", "Provider call latency (p90)", "Provider circuit breakers", "Leadership");
        assertThat(series(exprs)).isSubsetOf(PUBLISHED).contains("selfheal_detections_total", "selfheal_remediations_total",
                "selfheal_time_to_recover_seconds_bucket", "selfheal_storm_frozen", "selfheal_provider_calls_seconds_bucket",
                "selfheal_provider_breaker_state", "selfheal_leader");
    }

    @Test
    void theAlertRulesCoverEveryCaseFromPublishedMeters() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(AlertRulesIT.RULES.toFile());
        List<String> alerts = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode r : rules.path("groups").get(0).path("rules")) {
            alerts.add(r.path("alert").asText());
            exprs.add(r.path("expr").asText());
            assertThat(r.path("labels").path("severity").asText()).isIn("warning", "critical");
        }
        assertThat(alerts).containsExactly("SelfhealRemediationFailed", "SelfhealStormFreeze", "SelfhealNoLeader",
                "SelfhealProviderBreakerOpen", "SelfhealNodeAttemptsExhausted");
        assertThat(series(exprs)).isSubsetOf(PUBLISHED);
    }

    private static Set<String> series(List<String> exprs) {
        Set<String> found = new TreeSet<>();
        for (String e : exprs) {
            Matcher m = SERIES.matcher(e);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }
}
