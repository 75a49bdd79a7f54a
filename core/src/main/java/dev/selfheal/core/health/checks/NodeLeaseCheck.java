package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Duration;
import java.time.Instant;

/**
 * The node's heartbeat Lease in {@code kube-node-lease} was not renewed for {@code unhealthyAfter} or longer:
 * {@link Symptom#NODE_HEARTBEAT_LOST}, since the last renewal. This sees a dead kubelet as soon as the
 * threshold passes, without waiting for the controller-manager's grace period and its Ready=Unknown.
 *
 * <p>The kubelet renews every quarter of the Lease duration (10 s of 40 s). The Lease counts as late, and the
 * verdict SUSPECT with {@code recheckAt = renewal + unhealthyAfter}, once it was not renewed for half the
 * Lease duration (or {@code unhealthyAfter} if shorter); before that the verdict is HEALTHY but still carries
 * {@code recheckAt} = the moment it would turn late, because no event arrives when a heartbeat stops. A node
 * without a Lease yet (or with a Lease never renewed) is judged from its creation time. The renewal time is
 * the kubelet's clock: a node whose clock lags the healer's by more than the margin looks late.
 *
 * @param unhealthyAfter how long the Lease may go unrenewed before the node is unhealthy (1 s to 24 h)
 */
public record NodeLeaseCheck(Duration unhealthyAfter) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "node-lease";

    /** Validates. */
    public NodeLeaseCheck {
        Judging.requireBetween("NodeLeaseCheck.unhealthyAfter", unhealthyAfter, Judging.MIN_THRESHOLD,
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
        LeaseView lease = snapshot.nodeLeases().get(node.name());
        boolean renewed = lease != null && lease.renewTime() != null;
        Instant last = renewed ? lease.renewTime() : NodeDown.createdOr(node, now);
        Instant late = last.plus(lateAfter(lease));
        if (now.isBefore(late)) {
            return Judging.healthyUntil(NAME, node.name(), late);
        }
        String what = lease == null ? "no node Lease" : renewed ? "node Lease not renewed" : "node Lease never renewed";
        return Judging.overDuration(NAME, node.name(), Symptom.NODE_HEARTBEAT_LOST, what, last, unhealthyAfter, now);
    }

    private Duration lateAfter(LeaseView lease) {
        Duration leaseDuration = lease != null && lease.duration() != null && !lease.duration().isZero()
                ? lease.duration() : NodeDown.DEFAULT_NODE_LEASE_DURATION;
        Duration half = leaseDuration.dividedBy(2);
        return half.compareTo(unhealthyAfter) < 0 ? half : unhealthyAfter;
    }
}
