package dev.selfheal.core.engine;

import static org.assertj.core.api.Assertions.fail;

import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.ConcurrencyGate;
import dev.selfheal.core.safety.ControlPlaneGate;
import dev.selfheal.core.safety.DryRunGate;
import dev.selfheal.core.safety.ExclusionGate;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.LeaderGuard;
import dev.selfheal.core.safety.MachineReferenceGate;
import dev.selfheal.core.safety.NodeAttemptsGate;
import dev.selfheal.core.safety.PauseGate;
import dev.selfheal.core.safety.StormGate;
import dev.selfheal.core.safety.StormState;
import dev.selfheal.core.safety.StormStateStore;
import dev.selfheal.testbed.clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The engine with everything around it in memory: a test clock, a snapshot source the test edits, an in-memory
 * record store, a recording cluster and a test provider; the real judge, gates, ladders and steps.
 */
final class EngineFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration DOWN = Duration.ofSeconds(90);

    final ManualClock clock = ManualClock.at(T0);
    final MemorySource source = new MemorySource(clock);
    final MemoryStore store = new MemoryStore();
    final RecordingCluster cluster = new RecordingCluster(source);
    final TestProvider provider = new TestProvider(clock);
    final AtomicBoolean leader = new AtomicBoolean(true);
    final AtomicBoolean paused = new AtomicBoolean();
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicReference<StormState> storm = new AtomicReference<>();
    final List<SelfhealListener> listeners = new CopyOnWriteArrayList<>();
    private SelfhealConfig config;
    private RemediationEngine engine;
    private ProviderGateway gateway;

    EngineFixture() {
        this(UnaryOperator.identity());
    }

    EngineFixture(UnaryOperator<SelfhealConfig.Builder> tweak) {
        RecoverySettings d = RecoverySettings.defaults();
        RecoverySettings recovery = new RecoverySettings(Map.of("fence", Duration.ofMinutes(2), "release", Duration.ofMinutes(2),
                "replace", Duration.ofMinutes(5), "remove-node", Duration.ofMinutes(5)), Duration.ofMinutes(2),
                Map.of("NODE_UNREACHABLE", List.of("fence", "release", "replace", "remove-node"),
                        "MACHINE_DOWN", List.of("fence", "release", "replace", "remove-node")),
                ReleaseMode.AUTO, d.retention(), false);
        GateSettings gates = new GateSettings(MaxUnhealthy.parse("2"), Duration.ofMinutes(5), 5, 3, Duration.ofHours(1),
                Duration.ofSeconds(30), "selfheal.dev/exclude");
        ResilienceSettings resilience = new ResilienceSettings(2, Duration.ofMillis(50), Duration.ofSeconds(30), 50,
                Duration.ofSeconds(5), 100, Duration.ofMillis(500), 4);
        this.config = tweak.apply(SelfhealConfig.builder().identity("healer-a").recovery(recovery).gates(gates)
                .resilience(resilience)).build();
    }

    /** Builds and starts the engine. */
    EngineFixture start() {
        LeaderGuard guard = new LeaderGuard(leader::get);
        provider.guard = guard.forProviders();
        gateway = new ProviderGateway(List.of(provider), config.resilience(), guard.forProviders());
        StepRegistry steps = StepRegistry.create(List.of());
        LadderCatalog ladders = LadderCatalog.create(config.recovery(), steps);
        StormGate stormGate = new StormGate(config.gates().maxUnhealthy(), config.gates().stormCooldown(), config.gates().domainStorm());
        GateChain chain = new GateChain(List.of(new PauseGate(paused::get), new ExclusionGate(config.gates().excludeLabel()),
                new MachineReferenceGate(), stormGate, new ConcurrencyGate(config.gates().maxConcurrent()),
                new NodeAttemptsGate(config.gates().maxAttempts(), config.gates().attemptWindow(), config.gates().backoff()),
                new ControlPlaneGate(config.gates().controlPlane()), new DryRunGate(config.dryRun(), ladders::ladder)));
        EngineParts parts = new EngineParts(config, clock, source, new Judge(BuiltInChecks.defaults(), new Diagnoser()::diagnose),
                chain, stormGate, stormStore(), ladders, steps, gateway, cluster, store,
                (node, reason, message, warning) -> events.add(node + " " + reason + " " + message),
                listeners, guard, paused::get);
        engine = new RemediationEngine(parts);
        engine.start();
        return this;
    }

    private StormStateStore stormStore() {
        return new StormStateStore() {
            @Override
            public Optional<StormState> load() {
                return Optional.ofNullable(storm.get());
            }

            @Override
            public void save(StormState state) {
                storm.set(state);
            }
        };
    }

    RemediationEngine engine() {
        return engine;
    }

    Optional<Remediation> record(String node) {
        return store.load(node).map(s -> s.remediation());
    }

    long eventsFor(String node, String reason) {
        return events.stream().filter(e -> e.startsWith(node + " " + reason + " ")).count();
    }

    /** Waits (real time, up to 10 s) until the condition holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
