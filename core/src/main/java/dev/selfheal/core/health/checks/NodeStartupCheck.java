package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A node that registered but never became Ready within {@code timeout}: {@link Symptom#NODE_STARTUP_TIMEOUT},
 * since the node's creation. SUSPECT (recheck at creation + timeout) while the node is still within its
 * startup time, so a booting node is not judged by the shorter not-Ready threshold.
 *
 * <p>Kubernetes does not record whether a node was ever Ready, so the rule ({@link #neverReady}) reads it from
 * the Ready condition: the node never became Ready when it has no Ready condition, or when Ready is
 * {@code False} and its last transition (or, absent, the node's creation) lies within
 * {@link #REGISTRATION_WINDOW} of the node's creation (the kubelet creates the Node with Ready=False and
 * flips it to True once ready; any later transition shows the node changed state after registering). A
 * Ready of {@code Unknown} never counts as "still starting": the controller-manager sets it when the kubelet
 * stops posting status, which is a lost heartbeat, not a slow start.
 *
 * @param timeout how long a node may take from registering to Ready (1 s to 24 h)
 */
public record NodeStartupCheck(Duration timeout) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "node-startup";
    /** How close to the node's creation the Ready=False transition must be for the node to count as never Ready. */
    public static final Duration REGISTRATION_WINDOW = Duration.ofSeconds(30);

    /** Validates. */
    public NodeStartupCheck {
        Judging.requireBetween("NodeStartupCheck.timeout", timeout, Judging.MIN_THRESHOLD, Judging.MAX_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.COMPONENTS;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        if (!neverReady(node)) {
            return Verdict.healthy(NAME, node.name());
        }
        Instant created = NodeDown.createdOr(node, now);
        String what = node.condition("Ready")
                .map(r -> "never Ready (Ready=" + r.status() + reasonOf(r) + ") since registering")
                .orElse("never Ready (no Ready condition) since registering");
        return Judging.overDuration(NAME, node.name(), Symptom.NODE_STARTUP_TIMEOUT, what, created, timeout, now);
    }

    /**
     * Whether the node has not been Ready since it registered, by the rule in the class comment.
     *
     * @param node the node
     * @return true while the node has never been Ready
     */
    public static boolean neverReady(NodeView node) {
        Optional<ConditionView> ready = node.condition("Ready");
        if (ready.isEmpty()) {
            return true;
        }
        ConditionView r = ready.get();
        if (!"False".equals(r.status())) {
            return false;
        }
        if (r.lastTransition() == null || node.createdAt() == null) {
            return true;
        }
        return Duration.between(node.createdAt(), r.lastTransition()).abs().compareTo(REGISTRATION_WINDOW) <= 0;
    }

    static String reasonOf(ConditionView c) {
        String reason = c.reason() == null || c.reason().isBlank() ? "" : " " + c.reason();
        String message = Judging.clip(c.message());
        return message.isEmpty() ? reason : reason + ": " + message;
    }
}
