package dev.selfheal.core.engine;

import dev.selfheal.core.explain.Explanation;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.safety.DomainCounts;
import dev.selfheal.core.safety.HealerGates;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision loop. One thread decides and never does I/O: on every change the watches report (debounced) and
 * when a suspect verdict or a waiting step needs another look, it judges every node from the snapshot and the
 * records, and takes a {@link Decision} per node. Decisions are carried out off the decision thread, one node at
 * a time, and their outcomes come back to it as events; provider facts come back the same way. An error, a
 * timeout or a hang while handling one node is that node's alone: it backs off and tells, and every other node
 * goes on. Only a healer holding a valid leader lease acts or speaks.
 */
public final class RemediationEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationEngine.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(30);

    private final EngineParts parts;
    private final Notifier notify;
    private final LadderRunner runner;
    private final MachineProbe probe;
    private final ProvenanceRecorder provenance;
    private final Performer performer;
    private final StepViews views;
    private final Starter starter;
    private final ScheduledExecutorService decisions = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "selfheal-decisions"));
    private final ExecutorService work = Executors.newCachedThreadPool(r -> daemon(r, "selfheal-node-work"));
    private final Map<String, NodeState> nodes = new HashMap<>();
    private final FailureOnsets onsets = new FailureOnsets();
    private final AtomicLong changes = new AtomicLong();
    private final Leading leading;
    private ScheduledFuture<?> pending;
    private Instant pendingAt;
    private volatile boolean closed;

    /** @param parts the engine's collaborators */
    public RemediationEngine(EngineParts given) {
        EngineParts parts = guarded(given);
        this.parts = parts;
        this.notify = new Notifier(parts.events(), parts.listeners());
        this.runner = new LadderRunner(parts.steps(), parts.config().recovery(), HealerGates.steps(parts.config()));
        this.probe = new MachineProbe(parts.gateway(), parts.source(), work, parts.clock(), Duration.ofSeconds(5), this::trigger);
        this.provenance = new ProvenanceRecorder(parts.gateway(), parts.cluster(), work, parts.clock(), this::trigger);
        this.performer = new Performer(parts.store(), notify, runner, parts.gateway(), parts.cluster(),
                parts.config().recovery(), parts.clock(), work, () -> closed);
        this.views = new StepViews(parts.config().recovery());
        this.starter = new Starter(parts, notify);
        this.leading = new Leading(parts, notify);
    }

    /** The same parts, with every record and Kubernetes write asking the leader guard first. */
    private static EngineParts guarded(EngineParts p) {
        return new EngineParts(p.config(), p.clock(), p.source(), p.judge(), p.gates(), p.storm(), p.stormStore(), p.ladders(),
                p.steps(), p.gateway(), new GuardedClusterOperations(p.cluster(), p.leader()),
                new GuardedRemediationStore(p.store(), p.leader()), p.events(), p.listeners(), p.leader(), p.paused());
    }

    /** Starts deciding: subscribes to changes and runs a first evaluation. */
    public void start() {
        parts.source().onChange(() -> {
            changes.incrementAndGet();
            trigger();
        });
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
                nodes.forEach((k, v) -> {
                    if (v.stored != null) {
                        m.put(k, v.stored.remediation());
                    }
                });
                return m;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read remediations", e);
        }
    }

    /**
     * Explains one node now ({@link Explanation}): judged, gated and planned on the decision thread, by the code that
     * acts, from the snapshot, the records and the machine facts already gathered; no I/O. Empty when the node is
     * not in the snapshot.
     */
    public Optional<Explanation> explain(String node) {
        try {
            return decisions.submit(() -> {
                Instant now = parts.clock().instant();
                ClusterSnapshot snapshot = parts.source().snapshot();
                Optional<NodeView> n = snapshot.node(node);
                if (n.isEmpty()) {
                    return Optional.<Explanation>empty();
                }
                Judge.Result judged = parts.judge().judge(snapshot, now);
                return Optional.of(starter.explain(n.get(), judged.byNode().get(node), snapshot, now, sick(judged, snapshot), nodes,
                        probe.facts(n.get())));
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot explain node " + node, e);
        }
    }

    private synchronized void wakeAt(Instant at) {
        if (closed) {
            return;
        }
        long delay = Math.max(0, Duration.between(parts.clock().instant(), at).toMillis());
        // Compare by the real delay left, not by the instants: the clock may have jumped since the last wake was set.
        if (pending != null && !pending.isDone() && pending.getDelay(TimeUnit.MILLISECONDS) <= delay) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
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
        Instant late;
        synchronized (this) {
            late = pendingAt;
            pending = null;
            pendingAt = null;
        }
        Instant now = parts.clock().instant();
        ClusterSnapshot snapshot = parts.source().snapshot();
        Judge.Result judged = onsets.apply(parts.judge(), parts.judge().judge(snapshot, now), snapshot, now);
        Instant next = judged.nextRecheck() == null ? now.plus(IDLE_RECHECK) : judged.nextRecheck();
        lookAtMachines(judged, snapshot);
        boolean leader = leading.mayAct(now, late, changes.get());
        leading.changed(leader, nodes);
        if (leader) {
            next = min(next, leading.load(work, decisions, this::loaded));
            starter.reportDiagnoses(judged, nodes);
            recordProvenance(judged, snapshot, now);
            if (leading.loaded()) {
                next = min(next, act(judged, snapshot, now));
            }
        }
        probe.retain(snapshot.nodes().keySet());
        provenance.retain(snapshot.nodes().keySet());
        wakeAt(next);
    }

    private void lookAtMachines(Judge.Result judged, ClusterSnapshot snapshot) {
        if (!parts.gateway().hasProviders()) {
            return;
        }
        judged.byNode().forEach((node, j) -> {
            NodeState st = nodes.get(node);
            if (j.nodeLevelTrouble() || j.diagnosis().isPresent() || st != null && st.active()) {
                snapshot.node(node).ifPresent(probe::look);
            }
        });
    }

    /** Has what providers record about healthy nodes' machines kept on the nodes (off this thread). */
    private void recordProvenance(Judge.Result judged, ClusterSnapshot snapshot, Instant now) {
        if (!parts.gateway().hasProviders() || parts.config().dryRun()) {
            return;
        }
        judged.byNode().forEach((node, j) -> snapshot.node(node)
                .filter(n -> provenance.wanted(n, j.healthy() && !j.nodeLevelTrouble(), now))
                .ifPresent(provenance::record));
    }

    /** How many nodes look unhealthy now, in the cluster and per failure domain. */
    private Starter.Sick sick(Judge.Result judged, ClusterSnapshot snapshot) {
        Set<String> sick = judged.byNode().entrySet().stream().filter(e -> e.getValue().nodeLevelTrouble())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return new Starter.Sick(sick.size(), DomainCounts.of(parts.storm().domainLabel(), snapshot.nodes().values(), sick));
    }

    private Instant act(Judge.Result judged, ClusterSnapshot snapshot, Instant now) {
        Starter.Sick sick = sick(judged, snapshot);
        boolean dryRun = parts.config().dryRun();
        if (!dryRun) {
            leading.observeStorm(sick.nodes(), snapshot.nodes().size(), sick.domains(), now, work);
        }
        Instant next = dryRun || parts.paused().getAsBoolean() ? null : advanceAll(judged, snapshot, now);
        if (parts.source().isWatching()) {
            starter.startNew(judged, snapshot, now, sick, nodes, probe::facts, this::perform);
        } else {
            LOG.warn("a watch is down: the cluster view may be stale, starting no new remediation");
            next = min(next, now.plusSeconds(1));
        }
        return next;
    }

    private Instant advanceAll(Judge.Result judged, ClusterSnapshot snapshot, Instant now) {
        Instant next = null;
        for (NodeState st : nodes.values().toArray(NodeState[]::new)) {
            if (st.stored == null || st.busy) {
                continue;
            }
            if (st.backingOff(now)) {
                next = min(next, st.retryAfter);
                continue;
            }
            try {
                Decision d = st.unsaved != null ? st.unsaved : decide(st, judged.byNode().get(st.node), snapshot, now);
                next = min(next, perform(st, d));
            } catch (RuntimeException e) {
                next = min(next, stalled(st, e, now));
            }
        }
        return next;
    }

    private Decision decide(NodeState st, Judgement j, ClusterSnapshot snapshot, Instant now) {
        Remediation r = st.stored.remediation();
        if (r.state().isFinal()) {
            return finished(r, j, snapshot, now);
        }
        Optional<NodeView> node = snapshot.node(r.node());
        Optional<MachineFacts> facts = node.flatMap(probe::facts);
        if (MachineFacts.needed(r.failureClass(), parts.gateway().hasProviders()) && node.isPresent()
                && facts.map(f -> !f.complete() && f.refused() == null).orElse(true)) {
            return Decision.idle(); // the machine's facts are being gathered; their arrival triggers the next look
        }
        return runner.decide(views.of(r, j, snapshot, facts, now), now);
    }

    private Decision finished(Remediation r, Judgement j, ClusterSnapshot snapshot, Instant now) {
        boolean tainted = snapshot.node(r.node()).filter(n -> n.isReady() && j != null && j.healthy())
                .filter(n -> n.taints().stream().map(TaintView::key).anyMatch(RemediationEngine::releaseTaint))
                .isPresent();
        if (tainted) {
            return new Decision.Untaint(r.node());
        }
        Instant expiry = r.updatedAt().plus(parts.config().recovery().retention());
        return now.isAfter(expiry) ? new Decision.Expire(r.node()) : new Decision.Wait(expiry);
    }

    /** A taint the release step adds and the node keeps until it is healthy again. */
    private static boolean releaseTaint(String key) {
        return ClusterOperations.OUT_OF_SERVICE_TAINT.equals(key) || ClusterOperations.FENCED_TAINT.equals(key);
    }

    /** Carries out a decision off the decision thread; returns when to look again without a change. */
    private Instant perform(NodeState st, Decision d) {
        if (d instanceof Decision.Wait w) {
            return w.at();
        }
        if (d instanceof Decision.Hold h) {
            return held(st, h);
        }
        st.lastHeld = null;
        st.busy = true;
        long term = leading.term();
        Stored current = st.stored;
        work.execute(() -> {
            Outcome o = performer.perform(st.node, term, current, d);
            try {
                decisions.execute(() -> completed(o));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                LOG.info("healer closed while work on node {} ran; the next leader reads what it did", st.node);
            }
        });
        return null;
    }

    /** Tells a held step once per reason; returns when to look again without a change. */
    private Instant held(NodeState st, Decision.Hold h) {
        String text = h.gate().text();
        if (!text.equals(st.lastHeld) && leading.mayActNow()) {
            st.lastHeld = text;
            notify.tell(Notice.of(h.node(), h.remediationId(), EventReason.StepHeld, text));
        }
        return h.gate().until();
    }

    private void completed(Outcome o) {
        NodeState st = nodes.computeIfAbsent(o.node(), NodeState::new);
        st.busy = false;
        st.pending = null;
        if (o.term() != leading.term()) {
            return;
        }
        Instant now = parts.clock().instant();
        if (o.recordKnown()) {
            st.stored = o.stored().orElse(null);
        }
        if (o.error() == null) {
            st.succeeded();
        } else {
            st.unsaved = o.unsaved();
            stalled(st, o.error(), now);
        }
        trigger();
    }

    private Instant stalled(NodeState st, RuntimeException e, Instant now) {
        Instant retry = st.failed(now);
        String message = "handling node " + st.node + " failed: " + e.getMessage() + "; trying again at " + retry;
        LOG.debug("work on node {} failed", st.node, e);
        if (!String.valueOf(e.getMessage()).equals(st.lastStall) && leading.mayActNow()) {
            notify.tell(Notice.of(st.node, st.stored == null ? null : st.stored.remediation().id(),
                    EventReason.RemediationStalled, message));
        }
        st.lastStall = String.valueOf(e.getMessage());
        return retry;
    }

    private void loaded(Leading.Loaded result) {
        leading.adopt(result, nodes, this::perform);
        trigger();
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** Stops deciding and acting. */
    @Override
    public void close() {
        closed = true;
        decisions.shutdownNow();
        work.shutdownNow();
        notify.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
