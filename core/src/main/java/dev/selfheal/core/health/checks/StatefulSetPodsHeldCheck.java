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
 * StatefulSet pods (not finished) bound to a node that is down (Ready not True, or node Lease expired; see
 * {@link NodeDown}) for {@code heldAfter} or longer: {@link Symptom#STATEFUL_PODS_HELD}, since the node went
 * down. Kubernetes never starts a replacement of such a pod on its own (at-most-one pod per identity), so
 * without action they stay held. Attributes {@code pods=<ns/name,...>} (sorted, at most {@code maxListed}) and
 * {@code podCount}. SUSPECT with {@code recheckAt = down + heldAfter} before that; HEALTHY on a node that is up.
 *
 * @param heldAfter how long StatefulSet pods may stay on a down node (1 s to 24 h)
 * @param maxListed the most pods named in the {@code pods} attribute (1 to 1000)
 */
public record StatefulSetPodsHeldCheck(Duration heldAfter, int maxListed) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "statefulset-pods-held";

    /** Validates. */
    public StatefulSetPodsHeldCheck {
        Judging.requireBetween("StatefulSetPodsHeldCheck.heldAfter", heldAfter, Judging.MIN_THRESHOLD,
                Judging.MAX_THRESHOLD);
        Judging.requireBetween("StatefulSetPodsHeldCheck.maxListed", maxListed, 1, Judging.MAX_LISTED_LIMIT);
    }

    /** The check listing at most {@link StuckTerminatingPodsCheck#DEFAULT_MAX_LISTED} pods. */
    public StatefulSetPodsHeldCheck(Duration heldAfter) {
        this(heldAfter, StuckTerminatingPodsCheck.DEFAULT_MAX_LISTED);
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
        List<String> held = new ArrayList<>();
        for (PodView pod : snapshot.pods(node.name())) {
            if (pod.isStatefulSetPod() && !pod.isFinished()) {
                held.add(pod.key());
            }
        }
        if (held.isEmpty()) {
            return Verdict.healthy(NAME, node.name());
        }
        String what = held.size() + " StatefulSet pod(s) held by a node that is down (" + NodeDown.describe(node) + ")";
        return Judging.overDuration(NAME, node.name(), Symptom.STATEFUL_PODS_HELD, what, down, heldAfter, now)
                .with("pods", Judging.list(held, maxListed))
                .with("podCount", Integer.toString(held.size()));
    }
}
