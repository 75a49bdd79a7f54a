package dev.selfheal.core.engine;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.SnapshotSource;
import dev.selfheal.core.health.TaintView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A snapshot source the test edits directly: nodes, their Leases and the machine answers the engine records. */
final class MemorySource implements SnapshotSource {

    private final Clock clock;
    private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();
    private final Map<String, LeaseView> leases = new ConcurrentHashMap<>();
    private final Map<String, MachineView> machines = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    MemorySource(Clock clock) {
        this.clock = clock;
    }

    /** A node that stopped answering {@code downFor} before now (Ready Unknown, Lease not renewed). */
    void deadNode(String name, String providerId, Duration downFor) {
        Instant since = clock.instant().minus(downFor);
        put(new NodeView(name, name + "-uid", providerId, Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", "Unknown", "NodeStatusUnknown", "kubelet stopped posting", since, since)),
                since.minus(Duration.ofDays(1)), false), since);
    }

    /** A healthy node that just renewed its Lease. */
    void healthyNode(String name, String providerId, Instant createdAt) {
        Instant now = clock.instant();
        put(new NodeView(name, name + "-uid", providerId, Map.of(), Map.of(), List.of(),
                List.of(new ConditionView("Ready", "True", "KubeletReady", "ok", createdAt, now)), createdAt, false), now);
    }

    void put(NodeView node, Instant leaseRenewed) {
        nodes.put(node.name(), node);
        leases.put(node.name(), new LeaseView(node.name(), node.name(), leaseRenewed, Duration.ofSeconds(40)));
        changed();
    }

    NodeView node(String name) {
        return nodes.get(name);
    }

    void remove(String name) {
        nodes.remove(name);
        leases.remove(name);
        changed();
    }

    void taint(String name, String key, boolean add) {
        NodeView n = nodes.get(name);
        if (n == null) {
            return;
        }
        List<TaintView> taints = new ArrayList<>(n.taints());
        taints.removeIf(t -> t.key().equals(key));
        if (add) {
            taints.add(new TaintView(key, "x", "NoExecute"));
        }
        nodes.put(name, new NodeView(n.name(), n.uid(), n.providerId(), n.labels(), n.annotations(), taints, n.conditions(),
                n.createdAt(), n.unschedulable()));
        changed();
    }

    /** Merges annotations into the node as it is at that moment (atomic, as a merge patch is on the API server). */
    void annotate(String name, Map<String, String> annotations) {
        nodes.computeIfPresent(name, (k, n) -> {
            Map<String, String> merged = new java.util.HashMap<>(n.annotations());
            merged.putAll(annotations);
            return new NodeView(n.name(), n.uid(), n.providerId(), n.labels(), merged, n.taints(), n.conditions(),
                    n.createdAt(), n.unschedulable());
        });
        changed();
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void start() {
    }

    @Override
    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(clock.instant(), Map.copyOf(nodes), Map.copyOf(leases), Map.of(), Map.of(), Map.of(),
                Map.copyOf(machines));
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void recordMachine(MachineView machine) {
        machines.put(machine.nodeName(), machine);
        changed();
    }

    @Override
    public void close() {
    }
}
