package dev.selfheal.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written Prometheus text format: families, labels, escaping, numbers, and what it refuses. */
class MetricsTextTest {

    @Test
    void writesHelpTypeAndSamplesInOrder() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("component", "kubelet");
        labels.put("state", "healthy");
        String text = new MetricsText()
                .family("a_total", "counter", "Things done")
                .sample("a_total", 3)
                .family("b", "gauge", "A state")
                .sample("b", labels, 1)
                .text();
        assertThat(text).isEqualTo("""
                # HELP a_total Things done
                # TYPE a_total counter
                a_total 3
                # HELP b A state
                # TYPE b gauge
                b{component="kubelet",state="healthy"} 1
                """);
    }

    @Test
    void escapesLabelValuesAndHelp() {
        String text = new MetricsText().family("c", "gauge", "back\\slash\nnew line")
                .sample("c", Map.of("type", "a\"b\\c\nd"), 0).text();
        assertThat(text).contains("# HELP c back\\\\slash\\nnew line\n")
                .contains("c{type=\"a\\\"b\\\\c\\nd\"} 0\n");
    }

    @Test
    void numbersAsPrometheusReadsThem() {
        assertThat(MetricsText.number(0)).isEqualTo("0");
        assertThat(MetricsText.number(-7)).isEqualTo("-7");
        assertThat(MetricsText.number(1796040000.25)).isEqualTo("1.79604000025E9");
        assertThat(Double.parseDouble(MetricsText.number(1796040000.25))).isEqualTo(1796040000.25);
        assertThat(MetricsText.number(0.5)).isEqualTo("0.5");
        assertThat(MetricsText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(MetricsText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(MetricsText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(MetricsText.number(1e20)).isEqualTo("1.0E20");
    }

    @Test
    void refusesBadNamesTypesLabelsAndUndeclaredOrRepeatedFamilies() {
        assertThatThrownBy(() -> new MetricsText().family("1bad", "gauge", "x")).hasMessageContaining("metric name '1bad'");
        assertThatThrownBy(() -> new MetricsText().family("ok", "histogram", "x")).hasMessageContaining("allowed");
        assertThatThrownBy(() -> new MetricsText().sample("undeclared", 1)).hasMessageContaining("has no family");
        assertThatThrownBy(() -> new MetricsText().family("d", "gauge", "x").family("d", "gauge", "x"))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> new MetricsText().family("e", "gauge", "x").sample("e", Map.of("bad-label", "v"), 1))
                .hasMessageContaining("label name 'bad-label'");
        assertThatThrownBy(() -> new MetricsText().family("e", "gauge", "x").sample("e", Map.of("__name__", "v"), 1))
                .hasMessageContaining("not starting with __");
    }
}
