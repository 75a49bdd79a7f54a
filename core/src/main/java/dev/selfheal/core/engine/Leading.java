package dev.selfheal.core.engine;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.safety.DomainCounts;
import dev.selfheal.core.safety.StormState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's leadership term: whether this healer may act and speak now, loading the records and the storm
 * state when a term begins (off the decision thread), adopting remediations another healer left, and persisting
 * the storm state. A decision thread that ran far later than scheduled (the process was paused) distrusts its view
 * until the watches deliver something new. Used from the decision thread, except {@link #mayActNow()}.
 */
final class Leading {

    private static final Logger LOG = LoggerFactory.getLogger(Leading.class);
    private static final Duration LOAD_RETRY = Duration.ofSeconds(2);

    /** What loading at the start of a term found. */
    record Loaded(long term, List<Stored> records, Optional<StormState> storm, RuntimeException error) {
    }

    private final EngineParts parts;
    private final Notifier notify;
    private boolean leader;
    private volatile long term;
    private boolean loading;
    private boolean loaded;
    private Instant retryLoadAt;
    private long staleMark = -1;
    private volatile StormState persistedStorm = StormState.CALM;
    private volatile boolean savingStorm;

    Leading(EngineParts parts, Notifier notify) {
        this.parts = parts;
        this.notify = notify;
    }

    /** Whether this healer may act and speak now: a valid lease, and a view not left over from a pause. */
    boolean mayAct(Instant now, Instant scheduledAt, long changes) {
        if (scheduledAt != null && Duration.between(scheduledAt, now).compareTo(parts.config().leader().leaseDuration()) > 0) {
            LOG.warn("the decision thread ran {} late (the process was paused?); waiting for a fresh view before acting",
                    Duration.between(scheduledAt, now));
            staleMark = changes;
        }
        if (staleMark >= 0 && changes > staleMark) {
            staleMark = -1;
        }
        return staleMark < 0 && parts.leader().mayAct();
    }

    /** Whether the lease is valid now (any thread). */
    boolean mayActNow() {
        return parts.leader().mayAct();
    }

    /** Notes this evaluation's answer; true when a new term began or the old one ended (records forgotten). */
    boolean changed(boolean now, Map<String, NodeState> nodes) {
        if (now == leader) {
            return false;
        }
        leader = now;
        term++;
        loaded = false;
        loading = false;
        retryLoadAt = null;
        nodes.values().forEach(st -> {
            st.stored = null;
            st.unsaved = null;
            st.pending = null;
            st.retryAfter = null;
        });
        boolean l = now;
        notify.tellListeners(x -> x.onLeadership(l));
        return true;
    }

    /** Starts loading the records and storm state for this term when needed; returns when to look again. */
    Instant load(Executor work, Executor decisions, Consumer<Loaded> done) {
        Instant now = parts.clock().instant();
        if (!leader || loaded || loading || retryLoadAt != null && now.isBefore(retryLoadAt)) {
            return retryLoadAt;
        }
        loading = true;
        long t = term;
        work.execute(() -> {
            Loaded result;
            try {
                result = new Loaded(t, parts.store().loadAll(), parts.stormStore().load(), null);
            } catch (RuntimeException e) {
                result = new Loaded(t, List.of(), Optional.empty(), e);
            }
            Loaded r = result;
            decisions.execute(() -> done.accept(r));
        });
        return null;
    }

    boolean loaded() {
        return loaded;
    }

    long term() {
        return term;
    }

    /** Takes the loaded records and storm state; adopts remediations in progress that another healer owned. */
    void adopt(Loaded result, Map<String, NodeState> nodes, BiFunction<NodeState, Decision, Instant> perform) {
        if (result.term() != term || !leader) {
            return;
        }
        loading = false;
        if (result.error() != null) {
            LOG.warn("cannot load the remediation records and storm state; trying again: {}", result.error().getMessage());
            retryLoadAt = parts.clock().instant().plus(LOAD_RETRY);
            return;
        }
        persistedStorm = result.storm().orElse(StormState.CALM);
        parts.storm().restore(persistedStorm);
        for (Stored s : result.records()) {
            NodeState st = nodes.computeIfAbsent(s.remediation().node(), NodeState::new);
            st.stored = s;
            resume(st, s.remediation(), perform);
        }
        loaded = true;
    }

    private void resume(NodeState st, Remediation r, BiFunction<NodeState, Decision, Instant> perform) {
        if (r.state().isFinal()) {
            return;
        }
        String where = "step " + r.currentStep().orElse("-") + " (" + r.phase() + ")";
        if (parts.config().dryRun()) {
            notify.tell(Notice.of(r.node(), r.id(), EventReason.DryRunPlan, "dry run: leaving the remediation in progress at "
                    + where + ", owned by " + r.owner() + ", as it is"));
        } else if (!parts.config().identity().equals(r.owner())) {
            Instant now = parts.clock().instant();
            perform.apply(st, new Decision.Save(r.ownedBy(parts.config().identity(), now), List.of(Notice.of(r.node(), r.id(),
                    EventReason.RemediationResumed, "resuming at " + where + ", previously owned by " + r.owner()))));
        }
    }

    private void tellDomainChanges(Set<String> before, StormState after, DomainCounts counts) {
        String label = parts.storm().domainLabel();
        for (String d : after.domains().keySet()) {
            DomainCounts.Count c = counts.count(d);
            if (!before.contains(d) && c.subject() != null) {
                String why = String.valueOf(parts.storm().domainStormReason(c));
                notify.tell(Notice.of(c.subject(), null, EventReason.DomainFrozen, "failure domain " + label + "=" + d
                        + " is frozen: " + why + "; none of its nodes is remediated until it recovers and the cooldown ends ("
                        + after.domains().get(d).cooldownUntil() + " at the earliest); other domains go on")
                        .withListener(l -> l.onDomainStorm(label, d, true, why)));
            }
        }
        for (String d : before) {
            String subject = counts.count(d).subject();
            if (!after.domains().containsKey(d) && subject != null) {
                notify.tell(Notice.of(subject, null, EventReason.DomainThawed, "failure domain " + label + "=" + d
                        + ": its storm and cooldown ended; its nodes may be remediated again")
                        .withListener(l -> l.onDomainStorm(label, d, false, "storm and cooldown ended")));
            }
        }
    }

    /** A new storm, a cooldown end moved by at least 5 s (not a write per evaluation during a storm), or a domain's. */
    private static boolean worthSaving(StormState s, StormState saved) {
        if (!s.domains().keySet().equals(saved.domains().keySet())) {
            return true;
        }
        for (Map.Entry<String, StormState> d : s.domains().entrySet()) {
            if (changed(d.getValue(), saved.domains().get(d.getKey()))) {
                return true;
            }
        }
        return changed(s, saved);
    }

    private static boolean changed(StormState s, StormState saved) {
        if (!java.util.Objects.equals(s.since(), saved.since())) {
            return true;
        }
        if (s.cooldownUntil() == null || saved.cooldownUntil() == null) {
            return !java.util.Objects.equals(s.cooldownUntil(), saved.cooldownUntil());
        }
        return Duration.between(saved.cooldownUntil(), s.cooldownUntil()).abs().compareTo(Duration.ofSeconds(5)) >= 0;
    }

    /**
     * Notes the storm state now (the cluster's and each failure domain's), tells which domains froze or thawed, and
     * persists the state (off the decision thread) when it changed.
     */
    void observeStorm(int unhealthy, int total, DomainCounts domains, Instant now, Executor work) {
        Set<String> frozenBefore = parts.storm().state().domains().keySet();
        StormState s = parts.storm().observe(unhealthy, total, domains, now);
        tellDomainChanges(frozenBefore, s, domains);
        if (!worthSaving(s, persistedStorm) || savingStorm) {
            return;
        }
        savingStorm = true;
        long t = term;
        work.execute(() -> {
            try {
                parts.leader().check("persist the storm state");
                parts.stormStore().save(s);
                if (t == term) {
                    persistedStorm = s;
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot persist the storm state: {}", e.getMessage());
            } finally {
                savingStorm = false;
            }
        });
    }
}
