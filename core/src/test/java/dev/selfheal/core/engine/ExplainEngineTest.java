package dev.selfheal.core.engine;

import static dev.selfheal.core.engine.EngineFixture.DOWN;
import static dev.selfheal.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.explain.Explanation;
import dev.selfheal.core.explain.PlannedStep;
import dev.selfheal.core.safety.GateDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine explains a node by the code it acts with, and tells a dry run's plan with that explanation. */
class ExplainEngineTest {

    @Test
    void aDryRunEventTellsTheExplanationAndExplainGivesTheSameAccount() {
        try (EngineFixture f = new EngineFixture(b -> b.dryRun(true))) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.source.healthyNode("n2", "test://m2", EngineFixture.T0.minus(Duration.ofHours(1)));
            f.start();
            await("plan told", () -> f.eventsFor("n1", "DryRunPlan") == 1);

            Explanation e = f.engine().explain("n1").orElseThrow();
            assertThat(e.outcome()).isEqualTo(Explanation.Outcome.DRY_RUN);
            assertThat(e.diagnosis().orElseThrow().failureClass()).isEqualTo(FailureClass.NODE_UNREACHABLE);
            assertThat(e.gates()).extracting(GateDecision::gate).containsExactly("pause", "exclusion", "machine-reference",
                    "max-unhealthy", "concurrency", "node-attempts", "control-plane", "dry-run");
            assertThat(e.ladder()).extracting(PlannedStep::name).containsExactly("fence", "release", "replace", "remove-node");
            assertThat(e.ladder()).allMatch(p -> p.status() == PlannedStep.Status.WOULD_RUN);
            assertThat(f.events).contains("n1 DryRunPlan dry-run: " + e.summary());
            assertThat(e.summary()).startsWith("dry run: would remediate NODE_UNREACHABLE")
                    .endsWith("with [fence, release, replace, remove-node]");
            assertThat(f.store.writes.get()).isZero();

            assertThat(f.engine().explain("n2").orElseThrow().outcome()).isEqualTo(Explanation.Outcome.NOTHING_TO_DO);
            assertThat(f.engine().explain("no-such-node")).isEmpty();
        }
    }

    @Test
    void aRemediationInProgressIsExplainedWithItsSteps() {
        try (EngineFixture f = new EngineFixture()) {
            f.source.deadNode("n1", "test://m1", DOWN);
            f.start();
            await("the old node is removed", () -> f.cluster.calls.contains("delete-node n1"));
            f.source.deadNode("n1", "test://m1", DOWN); // the Node is back (deleted in memory): explain sees it again

            Explanation e = f.engine().explain("n1").orElseThrow();
            assertThat(e.outcome()).isEqualTo(Explanation.Outcome.IN_PROGRESS);
            assertThat(e.gates()).isEmpty();
            assertThat(e.ladder()).extracting(PlannedStep::toString).startsWith("fence (done: done)", "release (done: done)");
        }
    }
}
