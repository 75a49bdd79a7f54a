package dev.selfheal.core;

import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.engine.EngineParts;
import dev.selfheal.core.engine.Judge;
import dev.selfheal.core.engine.RemediationEngine;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.HealthCheckFactory;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.core.kube.InformerSnapshotSource;
import dev.selfheal.core.kube.KubeClusterOperations;
import dev.selfheal.core.kube.KubeEventRecorder;
import dev.selfheal.core.kube.Leadership;
import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.kube.LeaseRemediationStore;
import dev.selfheal.core.kube.LeaseStormStateStore;
import dev.selfheal.core.observe.HealerMeters;
import dev.selfheal.core.observe.MicrometerListener;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.provider.ProviderCallObserver;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.LeaderGuard;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.HealerGates;
import dev.selfheal.core.safety.NodeAttemptsGate;
import dev.selfheal.core.safety.StormGate;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A healer: watches a cluster, judges every layer of every node, and recovers along safe, escalating
 * ladders through infrastructure providers.
 *
 * <pre>{@code
 * try (Selfheal healer = Selfheal.builder()
 *         .client(kubernetesClient)
 *         .config(SelfhealConfig.load(Path.of("selfheal.yaml")))
 *         .build()) {
 *     healer.start();
 *     ...
 * }
 * }</pre>
 *
 * Providers come from {@link SelfhealConfig#providers()} (created through {@link ProviderDiscovery}) and from
 * {@link Builder#provider(InfrastructureProvider)}. Custom checks and steps come from
 * {@link HealthCheckFactory} and {@link dev.selfheal.core.recovery.RecoveryStepFactory} on the class path and
 * from the builder. Thread-safe; {@link #close()} stops everything and closes the providers it created.
 */
public final class Selfheal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Selfheal.class);

    private final SelfhealConfig config;
    private final InformerSnapshotSource source;
    private final KubeEventRecorder events;
    private final Leadership leadership;
    private final ProviderGateway gateway;
    private final RemediationEngine engine;
    private final AtomicBoolean paused;
    private final LeasePauseSwitch pauseSwitch;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StormGate storm;
    private final Clock clock;

    private Selfheal(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.paused = new AtomicBoolean(config.paused());
        KubernetesClient client = b.client;
        this.pauseSwitch = new LeasePauseSwitch(client, config.namespace());
        this.source = InformerSnapshotSource.builder(client).namespace(config.namespace()).clock(b.clock).build();
        this.leadership = config.leader().enabled() ? Leadership.builder(client).namespace(config.namespace())
                .identity(config.identity()).leaseDuration(config.leader().leaseDuration())
                .renewDeadline(config.leader().renewDeadline()).retryPeriod(config.leader().retryPeriod())
                .clock(b.clock).build() : null;
        Leadership elected = leadership;
        this.events = KubeEventRecorder.builder(client).instance(config.identity()).clock(b.clock)
                .mayWrite(() -> elected == null || elected.isLeader()).build();
        LeaderGuard guard = leadership == null ? LeaderGuard.always() : new LeaderGuard(leadership::isLeader);
        this.gateway = gateway(b, guard);
        StepRegistry steps = StepRegistry.create(b.steps);
        LadderCatalog ladders = LadderCatalog.create(config.recovery(), steps);
        this.storm = HealerGates.storm(config.gates());
        GateChain gates = HealerGates.chain(config, this::isPaused, storm, ladders::ladder);
        List<SelfhealListener> listeners = new ArrayList<>(b.listeners);
        if (b.meterRegistry != null) {
            listeners.add(new MicrometerListener((io.micrometer.core.instrument.MeterRegistry) b.meterRegistry, b.clock));
        }
        EngineParts parts = new EngineParts(config, b.clock, source, new Judge(checks(config.checks(), b.checks),
                new Diagnoser()::diagnose), gates, storm, new LeaseStormStateStore(client, config.namespace()), ladders, steps,
                gateway, new KubeClusterOperations(client), new LeaseRemediationStore(client, config.namespace(),
                config.leader().leaseDuration()), events::record, listeners, guard, this::isPaused);
        this.engine = new RemediationEngine(parts);
    }

    /**
     * The gateway to the application's providers and those the configuration lists (created by type), its calls
     * timed into the application's registry when there is one.
     */
    private ProviderGateway gateway(Builder b, LeaderGuard guard) {
        List<InfrastructureProvider> providers = new ArrayList<>(b.providers);
        ProviderDiscovery discovery = config.providers().isEmpty() ? null : ProviderDiscovery.load();
        config.providers().forEach(pc -> providers.add(discovery.create(new ProviderContext(pc, b.clock, guard.forProviders()))));
        ProviderCallObserver calls = b.meterRegistry == null ? ProviderCallObserver.NONE : HealerMeters.bind(
                (io.micrometer.core.instrument.MeterRegistry) b.meterRegistry, meterSources(),
                providers.stream().map(InfrastructureProvider::type).distinct().toList());
        return new ProviderGateway(providers, config.resilience(), guard.forProviders(), calls);
    }

    /** Where {@link HealerMeters} read this healer's state; read only once the healer is built. */
    private HealerMeters.Sources meterSources() {
        return new HealerMeters.Sources(this::isLeader, this::isReady, () -> storm.state().frozenAt(clock.instant()),
                () -> engine.remediations().values(),
                r -> NodeAttemptsGate.exhausted(r, clock.instant(), config.gates().maxAttempts(), config.gates().attemptWindow()),
                () -> gateway.breakerStates());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts watching (returns once the watches synced), electing and healing. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Selfheal was already started");
        }
        source.start();
        pauseSwitch.watch(engine::trigger);
        if (leadership != null) {
            leadership.addListener(new Leadership.Listener() {
                @Override
                public void onStartedLeading() {
                    engine.trigger();
                }

                @Override
                public void onStoppedLeading() {
                    engine.trigger();
                }
            });
            leadership.start();
        }
        engine.start();
        LOG.info("Selfheal {} started in namespace {} (dry-run {}, paused {})", config.identity(), config.namespace(),
                config.dryRun(), isPaused());
    }

    /** Whether it was started and is not closed: its loop runs (a liveness probe). */
    public boolean isRunning() {
        return started.get() && !closed.get();
    }

    /**
     * Whether it is ready: started, not closed, and every watch is established (synced once and not broken
     * now). Leadership is not required: a follower is ready to take over.
     */
    public boolean isReady() {
        return isRunning() && source.isWatching();
    }

    /** Whether this healer currently acts (it is the leader, or leader election is off). */
    public boolean isLeader() {
        return leadership == null || leadership.isLeader();
    }

    /**
     * Whether acting is paused now: by the configuration, by {@link #pause}, or by the cluster-wide switch
     * ({@link LeasePauseSwitch}, which {@code kubectl selfheal pause} sets).
     */
    public boolean isPaused() {
        return paused.get() || pauseSwitch.isPaused();
    }

    /** Pauses or resumes acting at run time (judging goes on); the cluster-wide switch still pauses when set. */
    public void pause(boolean pause) {
        paused.set(pause);
        engine.trigger();
    }

    /** Runs an evaluation now and waits for it (for tests and tools). */
    public void evaluateNow() {
        engine.evaluateNow();
    }

    /** The remediation records this healer knows, by node. */
    public Map<String, Remediation> remediations() {
        return engine.remediations();
    }

    /**
     * Why the healer would do what it does to a node now: every check's verdict with its evidence, the diagnosis,
     * each gate's decision and the ladder that would run (or the remediation in progress). Worked out by the healer's
     * own decision thread from what it already knows; no call to a provider or the API server.
     *
     * @return the explanation, or empty when the healer does not see the node
     */
    public java.util.Optional<dev.selfheal.core.explain.Explanation> explain(String node) {
        return engine.explain(node);
    }

    /** The configuration. */
    public SelfhealConfig config() {
        return config;
    }

    /** Stops acting, releases leadership, stops watching and closes the providers. */
    @Override
    public void close() {
        closed.set(true);
        engine.close();
        if (leadership != null) {
            leadership.close();
        }
        pauseSwitch.close();
        source.close();
        events.close();
        gateway.close();
    }

    private static List<HealthCheck> checks(CheckSettings s, List<HealthCheck> extra) {
        List<HealthCheck> all = new ArrayList<>(BuiltInChecks.of(s.toParams()));
        all.addAll(discoveredChecks());
        all.addAll(extra);
        return all;
    }

    /** The checks contributed by every {@link HealthCheckFactory} on the class path (context class loader first). */
    public static List<HealthCheck> discoveredChecks() {
        List<HealthCheck> found = new ArrayList<>();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ServiceLoader.load(HealthCheckFactory.class, cl != null ? cl : Selfheal.class.getClassLoader())
                .forEach(f -> found.addAll(f.checks()));
        return found;
    }

    /** Builds a {@link Selfheal}. */
    public static final class Builder {
        private KubernetesClient client;
        private SelfhealConfig config = SelfhealConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private final List<InfrastructureProvider> providers = new ArrayList<>();
        private final List<HealthCheck> checks = new ArrayList<>();
        private final List<RecoveryStep> steps = new ArrayList<>();
        private final List<SelfhealListener> listeners = new ArrayList<>();
        private Object meterRegistry;

        private Builder() {
        }

        /** The Kubernetes client (required); Selfheal does not close it. */
        public Builder client(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The configuration (default {@link SelfhealConfig#defaults()}). */
        public Builder config(SelfhealConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A provider created by the application (closed by Selfheal on close). */
        public Builder provider(InfrastructureProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** An extra health check. */
        public Builder check(HealthCheck check) {
            checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** An extra or replacing recovery step. */
        public Builder step(RecoveryStep step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** A listener. */
        public Builder listener(SelfhealListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** A Micrometer {@code MeterRegistry} to publish meters to (Micrometer must be on the class path). */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalStateException when no client was given
         */
        public Selfheal build() {
            if (client == null) {
                throw new IllegalStateException("Selfheal.builder().client(...) is required");
            }
            return new Selfheal(this);
        }
    }
}
