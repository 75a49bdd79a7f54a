package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods on a Ready node with a container waiting in {@code CrashLoopBackOff}: {@link Symptom#POD_CRASH_LOOP},
 * UNHEALTHY once such a container restarted {@code restartThreshold} times or more, SUSPECT (no
 * {@code recheckAt}: only the next restart, an event, can change it) below that. Pods that are terminating or
 * finished are skipped, and so are all pods of a node that is not Ready (the node's own checks speak for them).
 * Attributes: {@code pod=<ns/name>}, {@code container} and {@code restarts} of the worst pod (most restarts,
 * then by name), {@code pods=<ns/name,...>} (the pods at or past the threshold when unhealthy, else all
 * crash-looping ones; sorted, at most {@code maxListed}) and {@code podCount}. The
 * snapshot does not carry when a crash loop began, so {@code since} is {@code now}.
 *
 * @param restartThreshold the restart count from which a crash loop is unhealthy (1 to 10000)
 * @param maxListed the most pods named in the {@code pods} attribute (1 to 1000)
 */
public record CrashLoopCheck(int restartThreshold, int maxListed) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "pods-crash-loop";
    /** The waiting reason of a crash-looping container. */
    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

    /** Validates. */
    public CrashLoopCheck {
        Judging.requireBetween("CrashLoopCheck.restartThreshold", restartThreshold, 1, 10_000);
        Judging.requireBetween("CrashLoopCheck.maxListed", maxListed, 1, Judging.MAX_LISTED_LIMIT);
    }

    /** The check listing at most {@link StuckTerminatingPodsCheck#DEFAULT_MAX_LISTED} pods. */
    public CrashLoopCheck(int restartThreshold) {
        this(restartThreshold, StuckTerminatingPodsCheck.DEFAULT_MAX_LISTED);
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
        if (!node.isReady()) {
            return Verdict.healthy(NAME, node.name());
        }
        PodView worstPod = null;
        ContainerView worst = null;
        List<String> looping = new ArrayList<>(0);
        List<String> due = new ArrayList<>(0);
        for (PodView pod : snapshot.pods(node.name())) {
            if (pod.isTerminating() || pod.isFinished()) {
                continue;
            }
            ContainerView c = worstContainer(pod);
            if (c == null) {
                continue;
            }
            looping.add(pod.key());
            if (c.restartCount() >= restartThreshold) {
                due.add(pod.key());
            }
            if (worst == null || c.restartCount() > worst.restartCount()
                    || c.restartCount() == worst.restartCount() && pod.key().compareTo(worstPod.key()) < 0) {
                worst = c;
                worstPod = pod;
            }
        }
        if (worst == null) {
            return Verdict.healthy(NAME, node.name());
        }
        return verdict(node, worstPod, worst, due.isEmpty() ? looping : due, !due.isEmpty(), now);
    }

    private Verdict verdict(NodeView node, PodView pod, ContainerView worst, List<String> listed, boolean unhealthy,
                            Instant now) {
        String evidence = "container " + worst.name() + " of pod " + pod.key() + " in " + CRASH_LOOP_BACK_OFF
                + " after " + worst.restartCount() + " restarts (threshold " + restartThreshold + "); "
                + listed.size() + " pod(s) " + (unhealthy ? "past the threshold" : "crash-looping");
        Verdict v = unhealthy
                ? Verdict.unhealthy(NAME, node.name(), Symptom.POD_CRASH_LOOP, evidence, now)
                : Verdict.suspect(NAME, node.name(), Symptom.POD_CRASH_LOOP, evidence, now, null);
        return v.with("pod", pod.key()).with("container", worst.name())
                .with("restarts", Integer.toString(worst.restartCount()))
                .with("pods", Judging.list(listed, maxListed))
                .with("podCount", Integer.toString(listed.size()));
    }

    private static ContainerView worstContainer(PodView pod) {
        ContainerView worst = null;
        for (ContainerView c : pod.containers()) {
            if (CRASH_LOOP_BACK_OFF.equals(c.waitingReason())
                    && (worst == null || c.restartCount() > worst.restartCount())) {
                worst = c;
            }
        }
        return worst;
    }
}
