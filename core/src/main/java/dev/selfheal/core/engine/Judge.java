package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every check and the diagnoser over every node of a snapshot. Pure apart from logging a failing check. */
public final class Judge {

    private static final Logger LOG = LoggerFactory.getLogger(Judge.class);

    /** Draws a diagnosis from a node's verdicts ({@code Diagnoser::diagnose}). */
    @FunctionalInterface
    public interface Diagnosing {
        /** The diagnosis, when something is unhealthy. */
        java.util.Optional<Diagnosis> diagnose(NodeView node, List<Verdict> verdicts, ClusterSnapshot snapshot, Instant now);
    }

    private final List<HealthCheck> checks;
    private final Diagnosing diagnoser;

    /**
     * @param checks the checks
     * @param diagnoser the diagnoser
     */
    public Judge(List<HealthCheck> checks, Diagnosing diagnoser) {
        this.checks = List.copyOf(checks);
        this.diagnoser = diagnoser;
    }

    /** The result of judging a whole snapshot. */
    public record Result(Map<String, Judgement> byNode, Instant nextRecheck) {
    }

    /** Judges every node. */
    public Result judge(ClusterSnapshot snapshot, Instant now) {
        Map<String, Judgement> out = new HashMap<>(snapshot.nodes().size() * 2);
        Instant next = null;
        for (NodeView node : snapshot.allNodes()) {
            List<Verdict> verdicts = new ArrayList<>(checks.size());
            for (HealthCheck c : checks) {
                Verdict v = judgeSafely(c, node, snapshot, now);
                verdicts.add(v);
                if (v.recheckAt() != null && (next == null || v.recheckAt().isBefore(next))) {
                    next = v.recheckAt();
                }
            }
            out.put(node.name(), new Judgement(node.name(), verdicts, diagnoser.diagnose(node, verdicts, snapshot, now)));
        }
        return new Result(out, next);
    }

    /** The judgement of one node from verdicts changed after judging, diagnosed again. */
    Judgement rejudge(NodeView node, List<Verdict> verdicts, ClusterSnapshot snapshot, Instant now) {
        return new Judgement(node.name(), verdicts, diagnoser.diagnose(node, verdicts, snapshot, now));
    }

    private static Verdict judgeSafely(HealthCheck c, NodeView node, ClusterSnapshot s, Instant now) {
        try {
            return c.judge(node, s, now);
        } catch (RuntimeException e) {
            LOG.warn("health check {} failed on node {}: {}", c.name(), node.name(), e.toString());
            return Verdict.healthy(c.name(), node.name());
        }
    }
}
