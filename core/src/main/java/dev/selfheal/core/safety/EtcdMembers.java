package dev.selfheal.core.safety;

import dev.selfheal.core.config.NodeSelector;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.protocol.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The etcd members of a stacked control plane as the cluster shows them, and whether each looks healthy. Read from
 * the snapshot only:
 * <ul>
 *   <li>a node hosts a member when an etcd pod is bound to it (namespace {@value #NAMESPACE}, named
 *       {@code etcd-<node>} or with a container named {@code etcd}: the mirror pod of kubeadm's static pod), or when
 *       its agent reports etcd's condition ({@code EtcdUnhealthy}, True or False) on it;</li>
 *   <li>when no node shows either, membership is unknown, and every control-plane node is taken to host a member
 *       (kubeadm's stacked etcd; the cautious reading);</li>
 *   <li>a member is healthy when its node exists and is Ready, its node Lease ({@code kube-node-lease}) was renewed
 *       within half its duration (a kubelet renews it every quarter, so two renewals missed; the Ready condition lags
 *       a dead node by the node monitor's grace period, and an unexpired Lease by up to its duration: a master that
 *       died moments before the healer's other master is judged must not count as a healthy member),
 *       its agent's {@code EtcdUnhealthy} condition, if
 *       present, is False, and its etcd pod, if present, is Running with every container ready and is not being
 *       deleted. Anything unknown (Ready Unknown, a condition Unknown) counts as unhealthy.</li>
 * </ul>
 */
public final class EtcdMembers {

    /** The namespace of the control plane's static pods. */
    public static final String NAMESPACE = "kube-system";

    private static final String CONDITION = Component.ETCD.conditionType();

    private final ClusterSnapshot snapshot;
    private final Set<String> members;
    private final boolean inferred;

    private EtcdMembers(ClusterSnapshot snapshot, Set<String> members, boolean inferred) {
        this.snapshot = snapshot;
        this.members = members;
        this.inferred = inferred;
    }

    /** The members shown in the snapshot, or the control-plane nodes when none is. */
    public static EtcdMembers of(ClusterSnapshot snapshot, NodeSelector controlPlane) {
        Set<String> shown = new TreeSet<>();
        for (NodeView n : snapshot.allNodes()) {
            if (n.condition(CONDITION).isPresent() || etcdPod(snapshot, n.name()).isPresent()) {
                shown.add(n.name());
            }
        }
        if (!shown.isEmpty()) {
            return new EtcdMembers(snapshot, shown, false);
        }
        Set<String> assumed = new TreeSet<>();
        snapshot.allNodes().stream().filter(n -> controlPlane.matches(n.labels())).forEach(n -> assumed.add(n.name()));
        return new EtcdMembers(snapshot, assumed, true);
    }

    /** The nodes hosting a member, sorted. */
    public Set<String> nodes() {
        return members;
    }

    /** Whether membership was inferred from the control-plane nodes, no node showing an etcd pod or condition. */
    public boolean inferred() {
        return inferred;
    }

    /** Whether the node hosts a member. */
    public boolean hosts(String node) {
        return members.contains(node);
    }

    /** How many members a cluster of {@code size} needs for a quorum. */
    public static int quorum(int size) {
        return size / 2 + 1;
    }

    /** Why the member on {@code node} does not look healthy at {@code now}, or empty when it does. */
    public Optional<String> unhealthy(String node, Instant now) {
        Optional<NodeView> n = snapshot.node(node);
        if (n.isEmpty()) {
            return Optional.of(node + ": the node is gone");
        }
        if (!n.get().isReady()) {
            return Optional.of(node + ": the node is not Ready (Ready=" + n.get().readyStatus() + ")");
        }
        Optional<LeaseView> lease = snapshot.nodeLease(node);
        if (lease.isEmpty() || lease.get().renewTime() == null || lease.get().duration() == null) {
            return Optional.of(node + ": its node Lease is unknown");
        }
        Duration fresh = lease.get().duration().dividedBy(2);
        if (now.isAfter(lease.get().renewTime().plus(fresh))) {
            return Optional.of(node + ": its node Lease was last renewed at " + lease.get().renewTime()
                    + ", more than half its " + lease.get().duration().toSeconds()
                    + " s ago (a kubelet renews it every quarter: two renewals missed)");
        }
        Optional<String> reported = n.get().condition(CONDITION).map(ConditionView::status).filter(s -> !"False".equals(s));
        if (reported.isPresent()) {
            return Optional.of(node + ": its agent reports " + CONDITION + "=" + reported.get());
        }
        return etcdPod(snapshot, node).filter(p -> !ready(p)).map(p -> node + ": pod " + p.key() + " is not Ready (phase "
                + p.phase() + ")");
    }

    private static boolean ready(PodView p) {
        return "Running".equals(p.phase()) && !p.isTerminating() && !p.containers().isEmpty()
                && p.containers().stream().allMatch(ContainerView::ready);
    }

    /** The etcd pod bound to the node, if any. */
    static Optional<PodView> etcdPod(ClusterSnapshot snapshot, String node) {
        return snapshot.pods(node).stream().filter(p -> NAMESPACE.equals(p.namespace()))
                .filter(p -> p.name().equals("etcd-" + node) || p.containers().stream().anyMatch(c -> c.name().equals("etcd")))
                .findFirst();
    }
}
