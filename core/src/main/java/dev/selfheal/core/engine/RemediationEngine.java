package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepContext;
import dev.selfheal.core.remediation.ConcurrentUpdateException;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.safety.GateDecision;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.core.safety.NodeAttemptsGate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision loop. One thread decides: on every change the watches report (debounced) and at the time a
 * suspect verdict or a waiting step needs another look, it judges every node, advances the remediations it
 * owns, and starts new ones that pass the gates. Provider and API actions run on a separate pool and report
 * back to the decision thread. Only the leader acts; losing leadership stops acting at once.
 */
public final class RemediationEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationEngine.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(30);

    private final EngineParts parts;
    private final Notifier notify;
    private final LadderRunner runner;
    private final MachineProbe probe;
    private final NodeAttemptsGate attempts;
    private final ScheduledExecutorService decisions = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "selfheal-decisions"));
    private final ExecutorService actions = Executors.newCachedThreadPool(r -> daemon(r, "selfheal-actions"));
    private final Map<String, Stored> records = new HashMap<>();
    private final Set<String> acting = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastBlocked = new HashMap<>();
    private final Map<String, FailureClass> lastDiagnosed = new HashMap<>();
    private ScheduledFuture<?> pending;
    private Instant pendingAt;
    private boolean wasLeader;
    private volatile boolean closed;

    /**
     * @param parts the engine's collaborators
     * @param attempts the per-node attempts gate (also among {@code parts.gates()}), which numbers attempts
     */
    public RemediationEngine(EngineParts parts, NodeAttemptsGate attempts) {
        this.parts = parts;
        this.attempts = attempts;
        this.notify = new Notifier(parts.events(), parts.listeners());
        this.runner = new LadderRunner(parts, notify, this::save, this::act);
        this.probe = new MachineProbe(parts.gateway(), parts.source(), actions, parts.clock(), Duration.ofSeconds(5));
    }

    /** Starts deciding: subscribes to changes and runs a first evaluation. */
    public void start() {
        parts.source().onChange(this::trigger);
        trigger();
    }

    /** Asks for an evaluation soon (debounced). Safe from any thread. */
    public void trigger() {
        wakeAt(parts.clock().instant().plus(DEBOUNCE));
    }

    /** Runs one evaluation on the decision thread and waits for it (for tests and benchmarks). */
    public void evaluateNow() {
        try {
            decisions.submit(this::evaluate).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("evaluation failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("evaluation did not finish within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The remediation records this engine knows, by node (a copy). */
    public Map<String, Remediation> remediations() {
        try {
            return decisions.submit(() -> {
                Map<String, Remediation> m = new HashMap<>();
                records.forEach((k, v) -> m.put(k, v.remediation()));
                return m;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read remediations", e);
        }
    }

    private synchronized void wakeAt(Instant at) {
        if (closed) {
            return;
        }
        if (pending != null && !pending.isDone() && pendingAt != null && !pendingAt.isAfter(at)) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        long delay = Math.max(0, Duration.between(parts.clock().instant(), at).toMillis());
        pendingAt = at;
        pending = decisions.schedule(this::evaluateSafely, delay, TimeUnit.MILLISECONDS);
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("evaluation failed; retrying in 5 s", e);
            wakeAt(parts.clock().instant().plusSeconds(5));
        }
    }

    private void evaluate() {
        synchronized (this) {
            pending = null;
            pendingAt = null;
        }
        Instant now = parts.clock().instant();
        ClusterSnapshot snapshot = parts.source().snapshot();
        Judge.Result judged = parts.judge().judge(snapshot, now);
        Instant[] next = {judged.nextRecheck() == null ? now.plus(IDLE_RECHECK) : judged.nextRecheck()};
        reportDiagnoses(judged, snapshot);
        boolean leader = parts.leader().getAsBoolean();
        if (leader != wasLeader) {
            leadershipChanged(leader, now);
        }
        if (leader && !parts.paused().getAsBoolean()) {
            if (!parts.config().dryRun()) { // a dry run touches no record, not even one a real run left in progress
                advanceAll(judged, snapshot, now, t -> next[0] = t.isBefore(next[0]) ? t : next[0]);
            }
            if (parts.source().isWatching()) {
                startNew(judged, snapshot, now);
            } else {
                LOG.warn("a watch is down: the cluster view may be stale, starting no new remediation");
                next[0] = now.plusSeconds(1).isBefore(next[0]) ? now.plusSeconds(1) : next[0];
            }
        }
        wakeAt(next[0]);
    }

    private void reportDiagnoses(Judge.Result judged, ClusterSnapshot snapshot) {
        judged.byNode().forEach((node, j) -> {
            if (j.nodeLevelTrouble() && parts.gateway().hasProviders()) {
                snapshot.node(node).ifPresent(probe::probe);
            }
            FailureClass now = j.diagnosis().map(Diagnosis::failureClass).orElse(null);
            FailureClass before = now == null ? lastDiagnosed.remove(node) : lastDiagnosed.put(node, now);
            if (now != null && now != before) {
                Diagnosis d = j.diagnosis().get();
                notify.event(node, null, "Diagnosed", d.failureClass() + " (" + d.rootLayer() + " layer): " + d.summary(), true);
                notify.listeners(l -> l.onDiagnosed(d));
            }
        });
        lastDiagnosed.keySet().retainAll(judged.byNode().keySet());
    }

    private void leadershipChanged(boolean leader, Instant now) {
        wasLeader = leader;
        records.clear();
        if (leader) {
            boolean dryRun = parts.config().dryRun();
            for (Stored s : parts.store().loadAll()) {
                Remediation r = s.remediation();
                Stored adopted = r.state().isFinal() || dryRun || parts.config().identity().equals(r.owner()) ? s
                        : save(s, r.ownedBy(parts.config().identity(), now));
                records.put(r.node(), adopted);
                if (!r.state().isFinal()) {
                    String where = "step " + r.currentStep().orElse("-") + " (" + r.phase() + ")";
                    if (dryRun) {
                        notify.event(r, "DryRunPlan", "dry run: leaving the remediation in progress at " + where
                                + ", owned by " + r.owner() + ", as it is", false);
                    } else {
                        notify.event(r, "RemediationResumed", "resuming at " + where + ", previously owned by " + r.owner(), false);
                    }
                }
            }
        }
        notify.listeners(l -> l.onLeadership(leader));
    }

    private void advanceAll(Judge.Result judged, ClusterSnapshot snapshot, Instant now, java.util.function.Consumer<Instant> wake) {
        for (Stored s : List.copyOf(records.values())) {
            String node = s.remediation().node();
            Judgement j = judged.byNode().get(node);
            if (s.remediation().state().isFinal()) {
                runner.untaintIfHealthy(node, j, snapshot);
                expire(s, now);
                continue;
            }
            if (acting.contains(node)) {
                continue;
            }
            try {
                records.put(node, runner.advance(s, j, snapshot, now, wake));
            } catch (ConcurrentUpdateException e) {
                LOG.warn("remediation of {} changed concurrently; reloading", node);
                parts.store().load(node).ifPresentOrElse(f -> records.put(node, f), () -> records.remove(node));
            }
        }
    }

    private void startNew(Judge.Result judged, ClusterSnapshot snapshot, Instant now) {
        List<Diagnosis> diagnosed = judged.byNode().values().stream().flatMap(j -> j.diagnosis().stream())
                .sorted(Comparator.comparing(Diagnosis::since)).toList();
        // Nodes that look dead count for storm protection as soon as they are suspect, so nodes failing together
        // are seen together even though their thresholds pass a few milliseconds apart.
        int unhealthyNodes = (int) judged.byNode().values().stream().filter(Judgement::nodeLevelTrouble).count();
        for (Diagnosis d : diagnosed) {
            Optional<Stored> existing = Optional.ofNullable(records.get(d.node()));
            if (existing.isPresent() && !existing.get().remediation().state().isFinal()) {
                continue;
            }
            List<Remediation> active = records.values().stream().map(Stored::remediation)
                    .filter(r -> !r.state().isFinal()).toList();
            GateInput in = new GateInput(snapshot.node(d.node()).orElseThrow(), d, snapshot, unhealthyNodes, active,
                    existing.map(Stored::remediation), now);
            GateDecision decision = parts.gates().evaluate(in);
            if (!decision.allowed()) {
                blocked(d, decision);
                continue;
            }
            lastBlocked.remove(d.node());
            List<String> ladder = parts.ladders().ladder(d.failureClass());
            if (parts.config().dryRun()) {
                blocked(d, GateDecision.deny("dry-run", "dry run: would remediate " + d.failureClass() + " with " + ladder));
                continue;
            }
            Remediation r = Remediation.start(UUID.randomUUID().toString(), d.node(), in.node().uid(), d.failureClass(),
                    d.failedComponent().map(c -> c.id()).orElse(null), ladder, parts.config().identity(), now, d.summary())
                    .withAttempt(attempts.nextAttempt(in));
            try {
                Stored s = existing.isPresent() ? parts.store().update(existing.get(), r) : parts.store().create(r);
                records.put(d.node(), s);
                notify.event(r, "RemediationStarted", "attempt " + r.attempt() + " for " + d.failureClass() + ": " + d.summary()
                        + "; ladder " + ladder, true);
                notify.listeners(l -> l.onStarted(r));
            } catch (ConcurrentUpdateException e) {
                LOG.warn("another healer started a remediation of {}; reloading", d.node());
                parts.store().load(d.node()).ifPresent(f -> records.put(d.node(), f));
            }
        }
    }

    private void blocked(Diagnosis d, GateDecision decision) {
        if (!decision.reason().equals(lastBlocked.put(d.node(), decision.reason()))) {
            notify.event(d.node(), null, "dry-run".equals(decision.gate()) ? "DryRunPlan" : "RemediationBlocked",
                    decision.gate() + ": " + decision.reason(), !"dry-run".equals(decision.gate()));
            notify.listeners(l -> l.onBlocked(d, decision));
        }
    }

    private void expire(Stored s, Instant now) {
        if (s.remediation().updatedAt().plus(parts.config().recovery().retention()).isBefore(now)) {
            try {
                parts.store().delete(s);
            } catch (ConcurrentUpdateException e) {
                LOG.debug("record of {} changed before expiry", s.remediation().node());
            }
            records.remove(s.remediation().node());
        }
    }

    private Stored save(Stored current, Remediation next) {
        Stored s = parts.store().update(current, next);
        records.put(next.node(), s);
        return s;
    }

    private void act(Stored stored, RecoveryStep step, StepContext ctx) {
        String node = stored.remediation().node();
        acting.add(node);
        actions.execute(() -> {
            Remediation result = null;
            Throwable error = null;
            try {
                if (!parts.leader().getAsBoolean()) {
                    throw new IllegalStateException("lost leadership before acting");
                }
                result = step.act(ctx);
            } catch (RuntimeException e) {
                error = e;
            }
            Remediation done = result;
            Throwable failure = error;
            try {
                decisions.execute(() -> afterAction(node, step, done, failure));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                LOG.info("healer closed while step {} of node {} ran; the next leader verifies its effect", step.name(), node);
            }
        });
    }

    private void afterAction(String node, RecoveryStep step, Remediation result, Throwable error) {
        acting.remove(node);
        Stored current = records.get(node);
        if (current == null) {
            return;
        }
        Instant now = parts.clock().instant();
        try {
            if (error != null) {
                records.put(node, runner.actionFailed(current, step, now, error));
            } else {
                save(current, result.phase(dev.selfheal.core.remediation.StepPhase.VERIFYING, now));
                notify.event(result, "StepActed", "step " + step.name() + " acted; verifying", false);
            }
        } catch (ConcurrentUpdateException e) {
            LOG.warn("record of {} changed during step {}", node, step.name());
        }
        trigger();
    }

    /** Stops deciding and acting. */
    @Override
    public void close() {
        closed = true;
        decisions.shutdownNow();
        actions.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
