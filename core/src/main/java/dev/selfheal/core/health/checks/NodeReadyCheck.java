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

/**
 * The node's Ready condition is {@code False} or {@code Unknown} for {@code unhealthyAfter} or longer:
 * {@link Symptom#NODE_NOT_READY}, since the condition's last transition (the node's creation when the
 * condition carries no transition time). SUSPECT with {@code recheckAt = since + unhealthyAfter} before that.
 *
 * <p>A node that has not been Ready since it registered (no Ready condition, or Ready=False since registering,
 * see {@link NodeStartupCheck#neverReady}) is left to {@link NodeStartupCheck}, so a booting node is judged by
 * the startup timeout rather than by this shorter threshold; such a node is healthy here.
 *
 * @param unhealthyAfter how long Ready may be False/Unknown before the node is unhealthy (1 s to 24 h)
 */
public record NodeReadyCheck(Duration unhealthyAfter) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "node-ready";

    /** Validates. */
    public NodeReadyCheck {
        Judging.requireBetween("NodeReadyCheck.unhealthyAfter", unhealthyAfter, Judging.MIN_THRESHOLD,
                Judging.MAX_THRESHOLD);
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
        if (node.isReady() || NodeStartupCheck.neverReady(node)) {
            return Verdict.healthy(NAME, node.name());
        }
        ConditionView ready = node.condition("Ready").orElseThrow();
        Instant since = ready.lastTransition() != null ? ready.lastTransition() : NodeDown.createdOr(node, now);
        String what = "Ready=" + ready.status() + NodeStartupCheck.reasonOf(ready);
        return Judging.overDuration(NAME, node.name(), Symptom.NODE_NOT_READY, what, since, unhealthyAfter, now);
    }
}
