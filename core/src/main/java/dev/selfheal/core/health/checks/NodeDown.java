package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import java.time.Duration;
import java.time.Instant;

/**
 * When a node stopped being able to run or clean up its pods, for the pod-layer checks: the node is down
 * while its Ready condition is not {@code True} (down since that condition's last transition), unless it has
 * not been Ready since registering (a node still starting is not down, see {@link NodeStartupCheck#neverReady}),
 * or while its node Lease is expired, that is not renewed for longer than the Lease's own duration (down since
 * the last renewal). The earlier of the two counts.
 */
final class NodeDown {

    /** The Lease duration assumed when a node Lease does not say (the kubelet's default). */
    static final Duration DEFAULT_NODE_LEASE_DURATION = Duration.ofSeconds(40);

    private NodeDown() {
    }

    /** Since when the node is down at {@code now}, or null when it is up. */
    static Instant since(NodeView node, ClusterSnapshot snapshot, Instant now) {
        Instant down = null;
        if (!node.isReady() && !NodeStartupCheck.neverReady(node)) {
            down = node.condition("Ready").map(ConditionView::lastTransition).orElse(null);
            if (down == null) {
                down = createdOr(node, now);
            }
        }
        LeaseView lease = snapshot.nodeLeases().get(node.name());
        if (lease != null) {
            Instant renewed = lease.renewTime() != null ? lease.renewTime() : createdOr(node, now);
            Duration valid = lease.duration() != null ? lease.duration() : DEFAULT_NODE_LEASE_DURATION;
            if (now.isAfter(renewed.plus(valid))) {
                down = Judging.minOrNull(down, renewed);
            }
        }
        return down;
    }

    /** The node's creation time, or {@code now} when unknown. */
    static Instant createdOr(NodeView node, Instant now) {
        return node.createdAt() != null ? node.createdAt() : now;
    }

    /** Why the node counts as down, for evidence. */
    static String describe(NodeView node) {
        return node.isReady() ? "node Lease expired" : "node Ready=" + node.readyStatus();
    }
}
