package dev.selfheal.core.engine;

import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.SnapshotSource;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Asks the providers about the machine of a node in trouble or in remediation (on demand, not by polling every
 * machine), off the decision thread, at most once per interval per node and one question per node at a time:
 * which machine it is and what its provider can do for it ({@link MachineFacts}), and its status (into the
 * snapshot). A node whose provider hangs holds one worker; other nodes are asked as usual.
 */
final class MachineProbe {

    private final ProviderGateway gateway;
    private final SnapshotSource source;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration interval;
    private final Runnable changed;
    private final Map<String, MachineFacts> facts = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastAsked = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    MachineProbe(ProviderGateway gateway, SnapshotSource source, ExecutorService executor, Clock clock, Duration interval,
                 Runnable changed) {
        this.gateway = gateway;
        this.source = source;
        this.executor = executor;
        this.clock = clock;
        this.interval = interval;
        this.changed = changed;
    }

    /** The facts about the node's machine, when gathered for its current providerID. */
    Optional<MachineFacts> facts(NodeView node) {
        return Optional.ofNullable(facts.get(node.name())).filter(f -> f.about(identity(node)));
    }

    /** Asks about the node's machine unless asked recently or a question is on its way. Never blocks. */
    void look(NodeView node) {
        Instant now = clock.instant();
        Instant last = lastAsked.get(node.name());
        boolean stale = facts(node).isEmpty();
        if (!stale && last != null && now.isBefore(last.plus(interval)) || !inFlight.add(node.name())) {
            return;
        }
        lastAsked.put(node.name(), now);
        try {
            executor.execute(() -> ask(node));
        } catch (RejectedExecutionException e) {
            inFlight.remove(node.name());
        }
    }

    /**
     * What a node's facts are about: its providerID, and the provenance recorded for it, which the provider reads when
     * it resolves the machine (recorded later, it makes the facts stale).
     */
    static String identity(NodeView node) {
        String recorded = node.annotations().get(ProvenanceRecorder.MARK);
        return recorded == null ? node.providerId() : node.providerId() + "#provenance";
    }

    /** Forgets nodes that are gone. */
    void retain(Set<String> nodes) {
        facts.keySet().retainAll(nodes);
        lastAsked.keySet().retainAll(nodes);
    }

    private void ask(NodeView node) {
        try {
            MachineFacts f = facts(node).filter(MachineFacts::complete).orElseGet(() -> resolve(node));
            facts.put(node.name(), f);
            f.machine().ifPresent(m -> status(node, m));
        } finally {
            inFlight.remove(node.name());
            changed.run();
        }
    }

    private MachineFacts resolve(NodeView node) {
        Optional<Machine> machine;
        try {
            machine = gateway.resolve(node);
        } catch (ProviderException e) {
            return e.isRetryable() ? MachineFacts.incomplete(identity(node), Optional.empty(), e.getMessage(), clock.instant())
                    : MachineFacts.refused(identity(node), e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            return MachineFacts.refused(identity(node), "resolve failed: " + e, clock.instant());
        }
        if (machine.isEmpty()) {
            return MachineFacts.known(identity(node), machine, Set.of(), clock.instant());
        }
        try {
            Set<Capability> caps = gateway.capabilities(machine.get());
            return MachineFacts.known(identity(node), machine, caps, clock.instant());
        } catch (RuntimeException e) {
            return MachineFacts.incomplete(identity(node), machine, e.getMessage(), clock.instant());
        }
    }

    private void status(NodeView node, Machine machine) {
        try {
            source.recordMachine(MachineView.of(node.name(), gateway.status(machine)));
        } catch (RuntimeException e) {
            source.recordMachine(MachineView.unanswered(node.name(), e.getMessage(), clock.instant()));
        }
    }
}
