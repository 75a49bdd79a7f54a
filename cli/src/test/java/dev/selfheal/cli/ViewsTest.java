package dev.selfheal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<String> LADDER = List.of("reboot", "fence", "release");

    private static Remediation fencing() {
        return Remediation.start("r-1", "worker-1", "u1", FailureClass.NODE_UNREACHABLE, null, LADDER, "healer-a", T0,
                        "no heartbeat").moveTo(RemediationState.REMEDIATING, T0.plusSeconds(1), "remediating")
                .stepFinished("timed-out", T0.plusSeconds(60), "still silent").phase(StepPhase.ACTING, T0.plusSeconds(61))
                .withAttempt(2);
    }

    @Test
    void statusShowsOneRowPerRecordWithStepOfLadderAndAge() {
        String t = StatusView.table(List.of(fencing()), T0.plusSeconds(192), false);
        List<String> lines = t.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("NODE").contains("CLASS", "STEP", "PHASE", "STATE", "ATTEMPT", "AGE", "OWNER");
        assertThat(lines.get(1).split("\\s{3,}")).containsExactly("worker-1", "NODE_UNREACHABLE", "fence (2/3)", "ACTING",
                "REMEDIATING", "2", "3m12s", "healer-a");
    }

    @Test
    void wideStatusAddsComponentStepAgeFencingIdAndMessage() {
        String t = StatusView.table(List.of(fencing()), T0.plusSeconds(192), true);
        assertThat(t.lines().findFirst().orElseThrow()).contains("COMPONENT", "STEP-AGE", "FENCED", "ID", "MESSAGE");
        assertThat(t).contains("<none>", "2m11s", "r-1", "still silent");
    }

    @Test
    void anExhaustedLadderShowsDone() {
        Remediation r = fencing().stepFinished("ok", T0, "").stepFinished("ok", T0, "");
        assertThat(StatusView.step(r)).isEqualTo("done (3/3)");
    }

    @Test
    void agesReadAsKubectlShowsThem() {
        assertThat(Ages.of(T0, T0.plusSeconds(45))).isEqualTo("45s");
        assertThat(Ages.of(T0, T0.plusSeconds(300))).isEqualTo("5m");
        assertThat(Ages.of(T0, T0.plusSeconds(3 * 3600 + 240))).isEqualTo("3h4m");
        assertThat(Ages.of(T0, T0.plusSeconds(30 * 3600))).isEqualTo("30h");
        assertThat(Ages.of(T0, T0.plusSeconds(3 * 86400 + 7200))).isEqualTo("3d2h");
        assertThat(Ages.of(T0, T0.minusSeconds(5))).as("a clock behind the record").isEqualTo("0s");
        assertThat(Ages.of(null, T0)).isEqualTo("<unknown>");
    }

    @Test
    void jsonIsTheRecordAsTheHealerStoresIt() throws Exception {
        JsonNode n = new ObjectMapper().readTree(OutputFormat.JSON.write(List.of(fencing())));
        assertThat(n.get(0).get("node").asText()).isEqualTo("worker-1");
        assertThat(n.get(0).get("startedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(n.get(0).get("history").get(0).get("outcome").asText()).isEqualTo("timed-out");
        assertThat(OutputFormat.YAML.write(List.of(fencing()))).contains("- id: \"r-1\"", "failureClass: \"NODE_UNREACHABLE\"");
    }

    @Test
    void outputFormatsParse() {
        assertThat(OutputFormat.parse("WIDE")).isEqualTo(OutputFormat.WIDE);
        assertThat(OutputFormat.parse("yaml").structured()).isTrue();
        assertThat(OutputFormat.parse("table").structured()).isFalse();
        assertThatThrownBy(() -> OutputFormat.parse("csv")).hasMessageContaining("wide, json, yaml").hasMessageContaining("'csv'");
    }

    @Test
    void aTableRefusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table(List.of("a", "b")).row(List.of("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
