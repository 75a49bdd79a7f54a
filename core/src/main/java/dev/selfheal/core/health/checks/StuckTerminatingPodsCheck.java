package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods with a deletion timestamp on a node that is down (Ready not True, or node Lease expired; see
 * {@link NodeDown}), so no kubelet will finish deleting them: {@link Symptom#PODS_STUCK_TERMINATING}. A pod
 * counts as stuck from the later of its deletion timestamp and the moment its node went down (a pod deleted
 * long before its node failed was not stuck until then). UNHEALTHY once a pod was stuck for
 * {@code stuckAfter}, since the earliest stuck pod, with attributes {@code pods=<ns/name,...>} (the pods past
 * the threshold, sorted, at most {@code maxListed}) and {@code podCount=<how many>}; SUSPECT with
 * {@code recheckAt} = when the first would be due. HEALTHY on a node that is up.
 *
 * @param stuckAfter how long a pod may stay Terminating on a down node (1 s to 24 h)
 * @param maxListed the most pods named in the {@code pods} attribute (1 to 1000)
 */
public record StuckTerminatingPodsCheck(Duration stuckAfter, int maxListed) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "pods-stuck-terminating";
    /** The default of {@code maxListed} for the pod-layer checks. */
    public static final int DEFAULT_MAX_LISTED = 20;

    /** Validates. */
    public StuckTerminatingPodsCheck {
        Judging.requireBetween("StuckTerminatingPodsCheck.stuckAfter", stuckAfter, Judging.MIN_THRESHOLD,
                Judging.MAX_THRESHOLD);
        Judging.requireBetween("StuckTerminatingPodsCheck.maxListed", maxListed, 1, Judging.MAX_LISTED_LIMIT);
    }

    /** The check listing at most {@link #DEFAULT_MAX_LISTED} pods. */
    public StuckTerminatingPodsCheck(Duration stuckAfter) {
        this(stuckAfter, DEFAULT_MAX_LISTED);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.PODS;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        Instant down = NodeDown.since(node, snapshot, now);
        if (down == null) {
            return Verdict.healthy(NAME, node.name());
        }
        Instant earliest = null;
        List<String> stuck = new ArrayList<>();
        List<String> due = new ArrayList<>();
        for (PodView pod : snapshot.pods(node.name())) {
            if (pod.isTerminating()) {
                Instant since = Judging.max(pod.deletionTimestamp(), down);
                earliest = Judging.minOrNull(earliest, since);
                stuck.add(pod.key());
                if (!now.isBefore(since.plus(stuckAfter))) {
                    due.add(pod.key());
                }
            }
        }
        if (earliest == null) {
            return Verdict.healthy(NAME, node.name());
        }
        List<String> listed = due.isEmpty() ? stuck : due;
        String what = listed.size() + " pod(s) Terminating on a node that is down (" + NodeDown.describe(node) + ")";
        return Judging.overDuration(NAME, node.name(), Symptom.PODS_STUCK_TERMINATING, what, earliest, stuckAfter, now)
                .with("pods", Judging.list(listed, maxListed))
                .with("podCount", Integer.toString(listed.size()));
    }
}
