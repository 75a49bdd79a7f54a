package dev.selfheal.agent.supervise;

import dev.selfheal.agent.probe.HealthProbe;
import dev.selfheal.agent.probe.ProbeResult;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.runtime.RuntimeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one component at its desired state, from local configuration only (no API call): each {@link #tick()}
 * keeps its manifest valid ({@link ManifestKeeper}), asks the runtime and the probe, and acts:
 * <ol>
 *   <li>healthy: clears its condition and checkpoints the manifest it runs with;</li>
 *   <li>unhealthy ({@code failureThreshold} failed probes after the start-up grace, or not running at all): past
 *       {@code restoreAfter}, rolls a {@code restoreFromCheckpoint} component's manifest back to its checkpoint and
 *       restarts; otherwise restarts it in {@link RestartMode#AUTO} once the backoff allows; once the restart
 *       budget is spent it escalates (the escalation condition) and keeps trying at the longest backoff; a static
 *       pod whose manifest is in place is first left to the kubelet for {@code kubeletGrace};</li>
 *   <li>unhealthy for {@code reportAfter}: sets its node condition ({@code Component.conditionType()} True).</li>
 * </ol>
 * Ticks are serialised; {@link #restartNow} (a restart request of the healer) runs on the same lock.
 */
public final class ComponentSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentSupervisor.class);

    private final ComponentSpec spec;
    private final ComponentRuntime runtime;
    private final HealthProbe probe;
    private final ManifestKeeper keeper;
    private final ConditionBoard board;
    private final Clock clock;
    private final Duration restoreAfter;
    private final RestartTracker restarts;
    private final Consumer<Duration> wakeIn;
    private String applied;
    private Instant startedAt;
    private int failures;
    private ComponentHealth.State state = ComponentHealth.State.UNKNOWN;
    private Instant since;
    private Instant unhealthySince;
    private String detail = "not probed yet";
    private boolean escalated;
    private String actFailure;
    private long escalations;
    private volatile long lastRoundNanos;
    private volatile boolean firstRoundDone;
    private volatile ComponentHealth published;

    /**
     * @param keeper the manifest keeper, or null for a component without a manifest
     * @param wakeIn asks for an extra tick after a delay (when a backoff ends)
     */
    public ComponentSupervisor(ComponentSpec spec, ComponentRuntime runtime, HealthProbe probe, ManifestKeeper keeper,
                        ConditionBoard board, Clock clock, Duration restoreAfter, Consumer<Duration> wakeIn) {
        this.spec = spec;
        this.runtime = runtime;
        this.probe = probe;
        this.keeper = keeper;
        this.board = board;
        this.clock = clock;
        this.restoreAfter = restoreAfter;
        this.restarts = new RestartTracker(spec.restart());
        this.wakeIn = wakeIn;
        this.since = clock.instant();
        this.lastRoundNanos = System.nanoTime();
        this.published = health();
    }

    ComponentSpec spec() {
        return spec;
    }

    public ComponentRuntime runtime() {
        return runtime;
    }

    /** One round: manifest, runtime, probe, act. Never throws. */
    public synchronized void tick() {
        try {
            Instant now = clock.instant();
            RuntimeStatus st = runtime.status();
            if (st.state() == RuntimeStatus.State.RESTARTING) {
                detail = st.detail(); // its manifest may be away on purpose: leave it alone
                return;
            }
            String manifestProblem = syncManifest();
            if (keeper != null) {
                st = runtime.status();
            }
            if (startedAt == null && !st.running() && manifestProblem == null) {
                act(now, "initial start", false);
                return;
            }
            ProbeResult r = manifestProblem != null ? ProbeResult.failed(manifestProblem)
                    : !st.running() ? ProbeResult.failed("not running: " + st.detail()) : probe.check();
            if (r.healthy()) {
                healthy(now, r);
            } else {
                unhealthy(now, r, st.running() && manifestProblem == null);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: supervision round failed: {}", spec.id(), e.toString());
            detail = "supervision failed: " + e.getMessage();
        } finally {
            published = health();
            lastRoundNanos = System.nanoTime();
            firstRoundDone = true;
        }
    }

    /** Whether one supervision round ({@link #tick()}) has completed. Never blocks on a running round. */
    public boolean firstRoundDone() {
        return firstRoundDone;
    }

    /** The {@link System#nanoTime()} at which the last round completed (or the supervisor was made). Never blocks. */
    public long lastRoundNanos() {
        return lastRoundNanos;
    }

    /**
     * Runs {@code work} with this component's supervision held: no probe round, restart or manifest restore
     * meanwhile (a repair that stops and restarts the component itself, such as the etcd member repair).
     */
    public synchronized <T> T whileHeld(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /**
     * Restarts now, whatever the mode, backoff or budget say: the cluster healer asked.
     *
     * @return whether the runtime performed the restart
     */
    public synchronized boolean restartNow(String why) {
        try {
            if (runtime.status().state() != RuntimeStatus.State.RESTARTING) {
                syncManifest();
            }
            act(clock.instant(), why, true);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{}: requested restart failed: {}", spec.id(), e.toString());
            detail = "requested restart failed: " + e.getMessage();
            return false;
        } finally {
            published = health();
        }
    }

    /**
     * The health as of the end of the last round or requested restart; never blocks (a round may wait for a probe's
     * time-out), so the status endpoint can answer while a round runs.
     */
    public ComponentHealth lastHealth() {
        return published;
    }

    public synchronized ComponentHealth health() {
        Instant now = clock.instant();
        return new ComponentHealth(spec.id(), state, since, detail, restarts.inWindow(now), restarts.last(), escalated,
                restarts.total(), escalations);
    }

    /** @return a problem when there is no valid manifest to run */
    private String syncManifest() {
        if (keeper == null) {
            return null;
        }
        ManifestKeeper.Inspection m = keeper.ensure();
        if (m.content() == null) {
            return m.problem();
        }
        if (!m.content().equals(applied)) {
            boolean changed = applied != null;
            applied = m.content();
            if (changed && unhealthySince != null) {
                unhealthySince = clock.instant(); // a new manifest gets its own restoreAfter
            }
            runtime.apply(m.content(), changed);
        }
        return null;
    }

    private void healthy(Instant now, ProbeResult r) {
        if (state != ComponentHealth.State.HEALTHY) {
            LOG.info("{} healthy{}: {}", spec.id(), unhealthySince == null ? ""
                    : " again after " + Duration.between(unhealthySince, now).toMillis() + " ms", r.detail());
            state = ComponentHealth.State.HEALTHY;
            since = now;
        }
        failures = 0;
        unhealthySince = null;
        detail = r.detail();
        board.set(spec.component().conditionType(), false, "Healthy", spec.id() + " healthy: " + r.detail());
        if (escalated) {
            clearEscalationOnceStable(now);
        }
        if (keeper != null && spec.checkpoint() && applied != null) {
            keeper.checkpoint(applied);
        }
    }

    /**
     * An escalated component is cleared only once it has stayed healthy for the policy's {@code maxBackoff}, the
     * longest wait between two restarts of a crash loop: a process that dies moments after each start may pass a
     * probe in between, and is still the same crash loop (else it would be escalated anew on every restart).
     */
    private void clearEscalationOnceStable(Instant now) {
        Instant stable = since.plus(spec.restart().maxBackoff());
        if (now.isBefore(stable)) {
            wakeIn.accept(Duration.between(now, stable));
            return;
        }
        escalated = false;
        LOG.info("{}: healthy for {}; escalation cleared", spec.id(), spec.restart().maxBackoff());
        board.escalation(spec.component(), false, "");
    }

    private void unhealthy(Instant now, ProbeResult r, boolean running) {
        detail = actFailure == null ? r.detail() : r.detail() + "; last start failed: " + actFailure;
        boolean inGrace = running && startedAt != null && now.isBefore(startedAt.plus(spec.startupGrace()));
        if (inGrace) {
            return;
        }
        failures++;
        if (running && failures < spec.failureThreshold()) {
            return;
        }
        if (state != ComponentHealth.State.UNHEALTHY) {
            LOG.warn("{} unhealthy: {}", spec.id(), r.detail());
            state = ComponentHealth.State.UNHEALTHY;
            since = now;
            unhealthySince = now;
        }
        if (!rolledBack(now)) {
            restartIfDue(now, running);
        }
        if (!now.isBefore(unhealthySince.plus(spec.reportAfter()))) {
            board.set(spec.component().conditionType(), true, running ? "ProbeFailed" : "NotRunning",
                    spec.id() + " unhealthy since " + unhealthySince + ": " + detail);
        } else {
            wakeIn.accept(Duration.between(now, unhealthySince.plus(spec.reportAfter())));
        }
    }

    private boolean rolledBack(Instant now) {
        if (!spec.restoreFromCheckpoint() || keeper == null || now.isBefore(unhealthySince.plus(restoreAfter))) {
            return false;
        }
        return keeper.rollback(applied).map(cp -> {
            LOG.warn("{}: unhealthy for {}; rolled back to checkpoint {}", spec.id(), restoreAfter, cp.takenAt());
            syncManifest(); // the runtime applies the restored manifest: a running component restarts with it
            if (!runtime.status().running()) {
                runtime.start();
            }
            startedAt = now;
            failures = 0;
            restarts.record(now);
            return true;
        }).orElse(false);
    }

    private void restartIfDue(Instant now, boolean running) {
        if (spec.restart().mode() != RestartMode.AUTO) {
            return;
        }
        Instant kubeletsTurn = unhealthySince.plus(spec.kubeletGrace());
        if (running && now.isBefore(kubeletsTurn)) {
            wakeIn.accept(Duration.between(now, kubeletsTurn)); // a static pod's crashed container: the kubelet restarts it
            return;
        }
        if (restarts.exhausted(now) && !escalated) {
            escalated = true;
            escalations++;
            String msg = spec.id() + " still unhealthy after " + restarts.inWindow(now) + " restarts within "
                    + spec.restart().window() + ": " + detail;
            LOG.error("{}: escalating to the cluster healer: {}", spec.id(), msg);
            board.escalation(spec.component(), true, msg);
        }
        Instant due = restarts.nextAllowed(now);
        if (now.isBefore(due)) {
            wakeIn.accept(Duration.between(now, due));
            return;
        }
        act(now, running ? "restart (" + detail + ")" : "start (" + detail + ")", true);
    }

    /** Starts or restarts; recorded before the runtime is called, so a start that throws still backs off. */
    private void act(Instant now, String why, boolean counted) {
        RuntimeStatus st = runtime.status();
        LOG.info("{}: {}", spec.id(), why);
        startedAt = now;
        failures = 0;
        if (counted) {
            restarts.record(now);
        }
        try {
            if (st.running() || st.state() == RuntimeStatus.State.RESTARTING) {
                runtime.restart();
            } else {
                runtime.start();
            }
            actFailure = null;
        } catch (RuntimeException e) {
            actFailure = e.getMessage();
            throw e;
        }
    }
}
