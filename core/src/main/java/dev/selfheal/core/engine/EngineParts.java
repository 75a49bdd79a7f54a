package dev.selfheal.core.engine;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.health.SnapshotSource;
import dev.selfheal.core.observe.EventSink;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.LeaderGuard;
import dev.selfheal.core.safety.StormGate;
import dev.selfheal.core.safety.StormStateStore;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Everything the engine works with, wired by {@link dev.selfheal.core.Selfheal} (or by a test).
 *
 * @param config the configuration
 * @param clock the clock
 * @param source cluster snapshots
 * @param judge checks and diagnosis
 * @param gates the safety gates, in order (the storm gate among them)
 * @param storm the storm gate, whose state the engine persists
 * @param stormStore where the storm state is persisted
 * @param ladders the ladders
 * @param steps the steps
 * @param gateway provider access (its mutations asking {@code leader} too)
 * @param cluster Kubernetes actions
 * @param store remediation records
 * @param events the event sink
 * @param listeners listeners
 * @param leader whether this healer holds a valid leader lease now, asked before every write
 * @param paused whether Selfheal is paused now
 */
public record EngineParts(SelfhealConfig config, Clock clock, SnapshotSource source, Judge judge, GateChain gates,
                          StormGate storm, StormStateStore stormStore, LadderCatalog ladders, StepRegistry steps,
                          ProviderGateway gateway, ClusterOperations cluster, RemediationStore store, EventSink events,
                          List<SelfhealListener> listeners, LeaderGuard leader, BooleanSupplier paused) {

    /** Copies the listeners. */
    public EngineParts {
        listeners = List.copyOf(listeners);
    }
}
