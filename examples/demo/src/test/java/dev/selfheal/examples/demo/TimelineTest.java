package dev.selfheal.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.clock.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ManualClock clock = ManualClock.at(Instant.parse("2025-01-01T00:00:00Z"));
    private final Timeline timeline = new Timeline(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)), clock);

    @Test
    void printsEachMilestoneOnceWithItsTimeAfterTheFailureAndIgnoresOtherNodes() {
        timeline.start("n1");
        clock.advance(Duration.ofMillis(11_300));
        timeline.onDiagnosed(new Diagnosis("n1", FailureClass.MACHINE_DOWN, null, List.of(), clock.instant(), "machine off"));
        timeline.onDiagnosed(new Diagnosis("n1", FailureClass.MACHINE_DOWN, null, List.of(), clock.instant(), "again"));
        timeline.onDiagnosed(new Diagnosis("n2", FailureClass.NODE_UNREACHABLE, null, List.of(), clock.instant(), "other"));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("+  11.3 s  detected").contains("MACHINE_DOWN: machine off")
                .doesNotContain("again").doesNotContain("other");
        assertThat(timeline.elapsed()).containsOnlyKeys(Timeline.DETECTED).containsEntry(Timeline.DETECTED, Duration.ofMillis(11_300));
    }

    @Test
    void completesWhenTheRemediationSucceededAndEveryMilestoneIsReached() {
        timeline.start("n1");
        Remediation done = remediation(RemediationState.SUCCEEDED);
        Timeline.ORDER.stream().filter(m -> !m.equals(Timeline.HEALED) && !m.equals(Timeline.NEW_NODE)).forEach(m -> timeline.reach(m, "x"));
        timeline.onFinished(done);
        assertThat(timeline.completion()).isNotDone();
        timeline.reach(Timeline.NEW_NODE, "n4");
        assertThat(timeline.completion()).isCompletedWithValue(RemediationState.SUCCEEDED);
    }

    @Test
    void completesAtOnceWhenTheRemediationFailed() {
        timeline.start("n1");
        timeline.onFinished(remediation(RemediationState.FAILED));
        assertThat(timeline.completion()).isCompletedWithValue(RemediationState.FAILED);
        timeline.printSummary();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("remediation FAILED").contains("not reached");
    }

    private Remediation remediation(RemediationState state) {
        Remediation r = Remediation.start("r1", "n1", "uid", FailureClass.MACHINE_DOWN, null, List.of("fence"), "h",
                clock.instant(), "s");
        return state == RemediationState.FAILED ? r.moveTo(RemediationState.REMEDIATING, clock.instant(), "go")
                .moveTo(state, clock.instant(), "gave up") : r.moveTo(RemediationState.REMEDIATING, clock.instant(), "go")
                .moveTo(state, clock.instant(), "healed");
    }
}
