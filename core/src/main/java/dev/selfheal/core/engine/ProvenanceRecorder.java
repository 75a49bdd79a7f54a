package dev.selfheal.core.engine;

import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.ClusterOperations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps on each healthy node what its provider will need once the node's machine is gone
 * ({@link dev.selfheal.spi.InfrastructureProvider#provenance}): asks once per node and providerID, off the decision
 * thread and a few nodes at a time, and writes the answer as Node annotations with {@value #MARK} set to the
 * providerID it is about, so the next leader knows it is recorded and the provider finds it again in the node's
 * annotations when it resolves the machine. A provider that records nothing costs one read per node and providerID
 * per healer run, and no write. The decision thread only reads annotations already in the snapshot.
 */
final class ProvenanceRecorder {

    /** The annotation that says which providerID the recorded provenance is about. */
    static final String MARK = "selfheal.dev/provenance-of";
    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceRecorder.class);
    private static final int IN_FLIGHT = 2;
    private static final Duration RETRY_AFTER = Duration.ofMinutes(10);

    private final ProviderGateway gateway;
    private final ClusterOperations cluster;
    private final ExecutorService executor;
    private final Clock clock;
    private final Runnable changed;
    private final Map<String, String> done = new ConcurrentHashMap<>();
    private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    ProvenanceRecorder(ProviderGateway gateway, ClusterOperations cluster, ExecutorService executor, Clock clock,
                       Runnable changed) {
        this.gateway = gateway;
        this.cluster = cluster;
        this.executor = executor;
        this.clock = clock;
        this.changed = changed;
    }

    /** Whether the node's provenance is to be asked for now: a healthy node with a providerID not yet recorded. */
    boolean wanted(NodeView node, boolean healthy, Instant now) {
        String id = node.providerId();
        if (!healthy || !node.isReady() || id == null || id.isBlank() || id.equals(node.annotations().get(MARK))
                || id.equals(done.get(node.name()))) {
            return false;
        }
        Instant failed = failedAt.get(node.name());
        return failed == null || !now.isBefore(failed.plus(RETRY_AFTER));
    }

    /** Asks for the node's provenance unless enough questions are on their way. Never blocks. */
    void record(NodeView node) {
        if (inFlight.size() >= IN_FLIGHT || !inFlight.add(node.name())) {
            return;
        }
        try {
            executor.execute(() -> ask(node));
        } catch (RejectedExecutionException e) {
            inFlight.remove(node.name());
        }
    }

    /** Forgets nodes that are gone. */
    void retain(Set<String> nodes) {
        done.keySet().retainAll(nodes);
        failedAt.keySet().retainAll(nodes);
    }

    /** Asks and records; when nothing was written (whose watch event would), asks for a look so others get a turn. */
    private void ask(NodeView node) {
        boolean written = false;
        try {
            Optional<Machine> machine = gateway.resolve(node);
            Map<String, String> kept = machine.isEmpty() ? Map.of() : gateway.provenance(machine.get());
            if (!kept.isEmpty()) {
                Map<String, String> annotations = new HashMap<>(kept);
                annotations.put(MARK, node.providerId());
                cluster.annotateNode(node.name(), annotations);
                written = true;
                LOG.info("recorded the provenance of node {}'s machine: {}", node.name(), kept.keySet());
            }
            done.put(node.name(), node.providerId());
            failedAt.remove(node.name());
        } catch (RuntimeException e) {
            failedAt.put(node.name(), clock.instant());
            LOG.warn("recording the provenance of node {}'s machine failed (trying again in {}): {}", node.name(),
                    RETRY_AFTER, e.getMessage());
        } finally {
            inFlight.remove(node.name());
            if (!written) {
                changed.run();
            }
        }
    }
}
