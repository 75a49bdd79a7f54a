package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * The verdicts of every check about one node and the diagnosis drawn from them.
 *
 * @param node the node
 * @param verdicts every check's verdict
 * @param diagnosis the diagnosis, when something is unhealthy
 */
public record Judgement(String node, List<Verdict> verdicts, Optional<Diagnosis> diagnosis) {

    /**
     * Whether no check finds the node unhealthy and none suspects a node-level problem: a node whose heartbeat is
     * merely late (SUSPECT) is not healthy, whatever its Ready condition still says.
     */
    public boolean healthy() {
        return verdicts.stream().noneMatch(Verdict::isUnhealthy) && !nodeLevelTrouble();
    }

    /** Whether any check suspects or finds a node-level (not pod-level) problem. */
    public boolean nodeLevelTrouble() {
        return verdicts.stream().anyMatch(v -> v.status() != Verdict.Status.HEALTHY && v.symptom() != null
                && v.symptom().layer() != dev.selfheal.core.health.Layer.PODS);
    }
}
