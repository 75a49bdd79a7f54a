package dev.selfheal.core.engine;

import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.SnapshotSource;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Asks the provider about the machine of a node in trouble (on demand, not by polling every machine), at
 * most once per interval per node, off the decision thread; the answer goes into the snapshot source so
 * the next judging sees it.
 */
final class MachineProbe {

    private final ProviderGateway gateway;
    private final SnapshotSource source;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Instant> lastAsked = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    MachineProbe(ProviderGateway gateway, SnapshotSource source, ExecutorService executor, Clock clock, Duration interval) {
        this.gateway = gateway;
        this.source = source;
        this.executor = executor;
        this.clock = clock;
        this.interval = interval;
    }

    /** Asks about the node's machine unless asked recently or a question is on its way. */
    void probe(NodeView node) {
        Instant now = clock.instant();
        Instant last = lastAsked.get(node.name());
        if (last != null && now.isBefore(last.plus(interval)) || !inFlight.add(node.name())) {
            return;
        }
        Optional<Machine> machine = gateway.machineOf(node);
        if (machine.isEmpty()) {
            inFlight.remove(node.name());
            return;
        }
        lastAsked.put(node.name(), now);
        executor.execute(() -> {
            try {
                source.recordMachine(MachineView.of(node.name(), gateway.status(machine.get())));
            } catch (ProviderException e) {
                source.recordMachine(MachineView.unanswered(node.name(), e.getMessage(), clock.instant()));
            } finally {
                inFlight.remove(node.name());
            }
        });
    }
}
