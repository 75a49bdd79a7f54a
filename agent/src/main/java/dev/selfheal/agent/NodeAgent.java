package dev.selfheal.agent;

import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.checkpoint.ControlPlaneMirror;
import dev.selfheal.agent.checkpoint.EtcdSnapshotter;
import dev.selfheal.agent.checkpoint.RevisionMark;
import dev.selfheal.agent.etcd.EtcdMemberRepair;
import dev.selfheal.agent.etcd.LocalMembers;
import dev.selfheal.agent.os.OsMonitor;
import dev.selfheal.agent.probe.HealthProbe;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.report.AgentClients;
import dev.selfheal.agent.report.AgentReporter;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.status.AgentMetrics;
import dev.selfheal.agent.status.AgentStatus;
import dev.selfheal.agent.status.AgentStatusServer;
import dev.selfheal.agent.supervise.ComponentHealth;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.agent.supervise.ComponentSupervisor;
import dev.selfheal.agent.supervise.ManifestKeeper;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: keeps the node's components at their desired state from its local {@link AgentConfig} alone,
 * checks the OS, keeps checkpoints, and tells the cluster healer what it sees.
 * <ul>
 *   <li>one {@link ComponentSupervisor} per component, ticking every {@code superviseInterval} on a small pool
 *       (and at once when a process exits); no API call on this path;</li>
 *   <li>the {@link OsMonitor} every {@code os.interval};</li>
 *   <li>{@link EtcdSnapshotter} on its own thread every {@code checkpoint.etcd.interval};</li>
 *   <li>with {@code etcdMember} set, the {@link EtcdMemberRepair} of the local etcd member on that same thread
 *       every {@code etcdMember.interval}, with the etcd component's supervision held while it runs;</li>
 *   <li>the {@link AgentReporter} on its own thread: heartbeat Lease, node conditions, the control-plane mirror,
 *       and the healer's restart requests, answered once each;</li>
 *   <li>when {@code status.port} is set, the {@link AgentStatusServer} ({@code /healthz}, {@code /readyz},
 *       {@code /metrics}) on one thread of its own.</li>
 * </ul>
 * <pre>{@code
 * try (NodeAgent agent = NodeAgent.builder(AgentConfig.load(Path.of("/etc/selfheal/agent.yaml"))).build()) {
 *     agent.start();
 *     // ... until the process is told to stop
 * }
 * }</pre>
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final AgentConfig config;
    private final Clock clock;
    private final ScheduledExecutorService supervision;
    private final ScheduledExecutorService snapshots;
    private final Map<String, ComponentSupervisor> supervisors = new LinkedHashMap<>();
    private final ConditionBoard board;
    private final Checkpointer checkpointer;
    private final OsMonitor os;
    private final EtcdSnapshotter etcd;
    private final EtcdMemberRepair etcdMember;
    private final AgentReporter reporter;
    private final Commands commands = new Commands();
    private final Map<String, LongAdder> restartRequests = new ConcurrentHashMap<>();
    private AgentStatusServer statusServer;
    private volatile boolean started;

    private NodeAgent(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.board = new ConditionBoard(clock);
        this.supervision = pool("selfheal-agent-supervise", Math.min(4, Math.max(2, config.components().size())));
        this.snapshots = pool("selfheal-agent-etcd-snapshot", 1);
        this.checkpointer = new Checkpointer(config.checkpoint().dir(), config.checkpoint().keep(), clock);
        ControlPlaneMirror mirror = new ControlPlaneMirror(config.namespace(), config.node());
        for (ComponentSpec spec : config.components()) {
            supervisors.put(spec.id(), supervisor(spec, b, mirror));
        }
        this.os = OsMonitor.of(config.os(), config.stateDir(), clock, board, commands);
        this.etcd = config.checkpoint().etcd() == null ? null
                : new EtcdSnapshotter(config.checkpoint().etcd(), config.checkpoint().dir(), clock);
        Path parking = config.stateDir().resolve("static-pod-parking");
        this.etcdMember = config.etcdMember() == null ? null : new EtcdMemberRepair(config.etcdMember(),
                LocalMembers.of(supervisors.get(Component.ETCD.id()).runtime(), config.component(Component.ETCD.id())
                        .orElseThrow().manifest(), parking), LocalMembers.apiServer(config.components(), parking), clock,
                new RevisionMark(config.checkpoint().dir()));
        KubeApi api = b.api != null ? b.api : config.report().enabled() ? AgentClients.create(config.report()) : null;
        this.reporter = api == null ? null : new AgentReporter(api, config.node(), config.namespace(),
                config.report().conditionRefresh(), board, mirror, clock, this::requested);
    }

    /** A builder for an agent with this configuration. */
    public static Builder builder(AgentConfig config) {
        return new Builder(config);
    }

    /** Starts supervising, checking, checkpointing and reporting; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the agent was already started");
        }
        if (config.status().enabled()) { // first: a port in use fails start() before anything runs
            statusServer = AgentStatusServer.start(config.status(), this::status);
        }
        started = true;
        long interval = config.superviseInterval().toMillis();
        supervisors.values().forEach(s -> {
            s.runtime().onExit(() -> submit(s::tick));
            supervision.scheduleWithFixedDelay(s::tick, 0, interval, TimeUnit.MILLISECONDS);
        });
        supervision.scheduleWithFixedDelay(os::run, 0, config.os().interval().toMillis(), TimeUnit.MILLISECONDS);
        if (etcd != null) {
            long every = config.checkpoint().etcd().interval().toMillis();
            snapshots.scheduleWithFixedDelay(etcd::snapshotIfChanged, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
        }
        if (etcdMember != null) {
            ComponentSupervisor etcdSupervisor = supervisors.get(Component.ETCD.id());
            long every = config.etcdMember().interval().toMillis();
            snapshots.scheduleWithFixedDelay(() -> etcdSupervisor.whileHeld(etcdMember::runOnce), every, every,
                    TimeUnit.MILLISECONDS);
        }
        if (reporter != null) {
            reporter.start();
        }
        LOG.info("node agent of {} started: {} components {}, reporting {}", config.node(), supervisors.size(),
                supervisors.keySet(), reporter != null ? "on" : "off");
    }

    /** The health of every supervised component, by id. */
    public Map<String, ComponentHealth> health() {
        Map<String, ComponentHealth> out = new LinkedHashMap<>();
        supervisors.forEach((id, s) -> out.put(id, s.health()));
        return out;
    }

    /** The health of one component. */
    public Optional<ComponentHealth> health(String component) {
        return Optional.ofNullable(supervisors.get(component)).map(ComponentSupervisor::health);
    }

    /**
     * Restarts a component now, as a restart request of the healer would.
     *
     * @return whether the runtime performed it
     */
    public boolean restart(String component) {
        ComponentSupervisor s = supervisors.get(component);
        return s != null && s.restartNow("restart requested locally");
    }

    /** The runtime of a component (for inspection, such as a process group id). */
    public Optional<ComponentRuntime> runtime(String component) {
        return Optional.ofNullable(supervisors.get(component)).map(ComponentSupervisor::runtime);
    }

    /** The node conditions as the agent wants them. */
    public ConditionBoard conditions() {
        return board;
    }

    /** The manifest checkpoints. */
    public Checkpointer checkpoints() {
        return checkpointer;
    }

    /** The local etcd member's repair, when configured. */
    public Optional<EtcdMemberRepair> etcdMemberRepair() {
        return Optional.ofNullable(etcdMember);
    }

    /** The etcd snapshotter, when configured. */
    public Optional<EtcdSnapshotter> etcdSnapshots() {
        return Optional.ofNullable(etcd);
    }

    /** What reporting achieved, when reporting is on. */
    public Optional<AgentReporter.Stats> reportStats() {
        return Optional.ofNullable(reporter).map(AgentReporter::stats);
    }

    /**
     * What the status endpoint shows, without waiting for a running supervision round (components as of their last
     * round): components, conditions, reporting, restart requests, and liveness (every
     * component's supervision completed a round within {@link #stalledAfter()}) and readiness (every component's
     * first round done).
     */
    public AgentStatus status() {
        List<String> pending = new ArrayList<>();
        List<String> stalled = new ArrayList<>();
        long now = System.nanoTime();
        long bound = stalledAfter().toNanos();
        supervisors.forEach((id, s) -> {
            if (!s.firstRoundDone()) {
                pending.add(id);
            }
            long idle = now - s.lastRoundNanos();
            if (started && idle > bound) {
                stalled.add(id + ": no supervision round for " + idle / 1_000_000_000L + " s");
            }
        });
        Map<String, Long> requests = new LinkedHashMap<>();
        restartRequests.forEach((o, n) -> requests.put(o, n.sum()));
        List<ComponentHealth> components = supervisors.values().stream().map(ComponentSupervisor::lastHealth).toList();
        return new AgentStatus(components, List.copyOf(board.snapshot().values()),
                reportStats().orElse(null), requests, pending, stalled);
    }

    /**
     * How long a component's supervision may go without completing a round before {@code /healthz} fails: ten
     * supervise intervals, at least a minute (a round may wait for a probe's time-out and a restart).
     */
    public Duration stalledAfter() {
        Duration tenRounds = config.superviseInterval().multipliedBy(10);
        return tenRounds.compareTo(Duration.ofMinutes(1)) > 0 ? tenRounds : Duration.ofMinutes(1);
    }

    /** The port of the status endpoint, when it is on and the agent started. */
    public synchronized Optional<Integer> statusPort() {
        return Optional.ofNullable(statusServer).map(AgentStatusServer::port);
    }

    /** The configuration. */
    public AgentConfig config() {
        return config;
    }

    /** Stops everything; processes the agent started are stopped, units and static pods stay. */
    @Override
    public synchronized void close() {
        if (statusServer != null) {
            statusServer.close();
        }
        if (reporter != null) {
            reporter.close();
        }
        supervision.shutdownNow();
        snapshots.shutdownNow();
        await(supervision);
        supervisors.values().forEach(s -> s.runtime().close());
        os.close();
        commands.close();
        LOG.info("node agent of {} stopped", config.node());
    }

    private ComponentSupervisor supervisor(ComponentSpec spec, Builder b, ControlPlaneMirror mirror) {
        ComponentRuntime runtime = Runtimes.create(spec, config, supervision, b.staticPodRestartGap, b.processStopGrace,
                commands);
        ManifestKeeper keeper = spec.manifest() == null ? null : new ManifestKeeper(spec, checkpointer,
                config.checkpoint().dir().resolve("rejected"), clock, cp -> {
                    if (config.checkpoint().mirrorToCluster()) {
                        mirror.checkpointed(cp, spec.runtime());
                    }
                });
        ComponentSupervisor[] self = new ComponentSupervisor[1];
        self[0] = new ComponentSupervisor(spec, runtime, HealthProbe.of(spec.probe(), commands), keeper, board, clock,
                config.checkpoint().restoreAfter(), delay -> schedule(self[0]::tick, delay));
        return self[0];
    }

    private void requested(RestartRequest r) {
        submit(() -> {
            ComponentSupervisor s = supervisors.get(r.component());
            boolean done = s != null && s.restartNow("restart requested by the cluster healer (request " + r.requestId() + ")");
            restartRequests.computeIfAbsent(s == null ? AgentMetrics.UNKNOWN_COMPONENT : done ? AgentMetrics.DONE
                    : AgentMetrics.FAILED, o -> new LongAdder()).increment();
            if (s == null) {
                LOG.warn("restart request {} names {}, which this agent does not supervise", r.requestId(), r.component());
            }
            reporter.answer(r, done);
        });
    }

    private void submit(Runnable r) {
        if (!supervision.isShutdown()) {
            supervision.execute(r);
        }
    }

    private void schedule(Runnable r, Duration delay) {
        if (!supervision.isShutdown()) {
            supervision.schedule(r, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        return p;
    }

    private static void await(ScheduledExecutorService s) {
        try {
            s.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options of a {@link NodeAgent}. */
    public static final class Builder {
        private final AgentConfig config;
        private Clock clock = Clock.systemUTC();
        private KubeApi api;
        private Duration staticPodRestartGap = Duration.ofSeconds(5);
        private Duration processStopGrace = Duration.ofSeconds(10);

        private Builder(AgentConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The clock of conditions, checkpoints and backoff (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The API client to report with (default: built from {@code report}, when reporting is enabled). */
        public Builder api(KubeApi api) {
            this.api = api;
            return this;
        }

        /** How long a static pod's manifest stays away during a restart (default 5 s). */
        public Builder staticPodRestartGap(Duration gap) {
            this.staticPodRestartGap = Objects.requireNonNull(gap, "gap");
            return this;
        }

        /** SIGTERM to SIGKILL when the agent stops a process it runs (default 10 s). */
        public Builder processStopGrace(Duration grace) {
            this.processStopGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /** The agent, not started. */
        public NodeAgent build() {
            return new NodeAgent(this);
        }
    }
}
