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
 * @param gates the safety gates
 * @param ladders the ladders
 * @param steps the steps
 * @param gateway provider access
 * @param cluster Kubernetes actions
 * @param store remediation records
 * @param events the event sink
 * @param listeners listeners
 * @param leader whether this healer may act now
 * @param paused whether Selfheal is paused now
 */
public record EngineParts(SelfhealConfig config, Clock clock, SnapshotSource source, Judge judge, GateChain gates,
                          LadderCatalog ladders, StepRegistry steps, ProviderGateway gateway, ClusterOperations cluster,
                          RemediationStore store, EventSink events, List<SelfhealListener> listeners,
                          BooleanSupplier leader, BooleanSupplier paused) {

    /** Copies the listeners. */
    public EngineParts {
        listeners = List.copyOf(listeners);
    }
}
