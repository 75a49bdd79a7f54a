package dev.selfheal.core.safety;

import dev.selfheal.core.config.DomainStormSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Storm protection: when more nodes look unhealthy than {@code maxUnhealthy} allows, the cause is probably
 * not the nodes (a network partition, the healer's own view, a control-plane outage), so nothing new starts;
 * after the storm ends, nothing new starts for {@code cooldown} either. With failure domains configured
 * ({@link DomainStormSettings}), the same holds per domain: a domain gone dark (a zone, a rack) is frozen, its nodes
 * are not fenced one by one, and the other domains go on healing. Its {@link StormState} (the cluster's and each
 * domain's) is persisted by the engine ({@link StormStateStore}) and {@link #restore restored} by a new leader before
 * it starts anything. The unhealthy nodes of a domain that is in a storm itself do not count toward the cluster-wide
 * limit (as Kubernetes' node lifecycle controller treats a zone in full disruption): a zone gone dark is frozen by its
 * own limit and does not stop the healthy zones from healing; every other unhealthy node still counts. Used from the
 * healer's single decision thread.
 */
public final class StormGate implements Gate {

    private final MaxUnhealthy maxUnhealthy;
    private final Duration cooldown;
    private final DomainStorms domains;
    private volatile StormState state = StormState.CALM;

    /**
     * @param maxUnhealthy the limit
     * @param cooldown the quiet time after a storm
     */
    public StormGate(MaxUnhealthy maxUnhealthy, Duration cooldown) {
        this(maxUnhealthy, cooldown, null);
    }

    /**
     * @param maxUnhealthy the cluster-wide limit
     * @param cooldown the quiet time after a storm (the cluster's or a domain's)
     * @param domainStorm the limit per failure domain, or null for none
     */
    public StormGate(MaxUnhealthy maxUnhealthy, Duration cooldown, DomainStormSettings domainStorm) {
        this.maxUnhealthy = maxUnhealthy;
        this.cooldown = cooldown;
        this.domains = domainStorm == null ? null : new DomainStorms(domainStorm, cooldown);
    }

    /** The node label whose values are the failure domains, or null when there are none. */
    public String domainLabel() {
        return domains == null ? null : domains.label();
    }

    /** Why a domain's counts are a storm ({@code 3 of 3 nodes look unhealthy, ...}), or null when they are not. */
    public String domainStormReason(DomainCounts.Count c) {
        return domains != null && domains.isStorm(c) ? domains.why(c) : null;
    }

    @Override
    public String name() {
        return "max-unhealthy";
    }

    /** Whether {@code unhealthy} of {@code total} nodes is a storm. */
    public boolean isStorm(int unhealthy, int total) {
        return unhealthy > maxUnhealthy.limit(total);
    }

    /** The state to persist. */
    public StormState state() {
        return domains == null ? state : state.withDomains(domains.states());
    }

    /** Takes over a persisted state (a new leader). */
    public void restore(StormState persisted) {
        StormState p = persisted == null ? StormState.CALM : persisted;
        this.state = p.withDomains(Map.of());
        if (domains != null) {
            domains.restore(p.domains());
        }
    }

    /** Notes whether the cluster is in a storm now; returns the state afterwards. */
    public StormState observe(int unhealthy, int total, Instant now) {
        return observe(unhealthy, total, DomainCounts.NONE, now);
    }

    /** Notes whether the cluster, and each failure domain, is in a storm now; returns the state afterwards. */
    public StormState observe(int unhealthy, int total, DomainCounts counts, Instant now) {
        if (isStorm(unhealthy - inStormyDomains(counts), total)) {
            state = state.stormAt(now, cooldown);
        }
        if (domains != null) {
            domains.observe(counts, now);
        }
        return state();
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        int total = input.snapshot().nodes().size();
        int limit = maxUnhealthy.limit(total);
        int excluded = inStormyDomains(input.domains());
        if (isStorm(input.unhealthyNodes() - excluded, total)) {
            state = state.stormAt(input.now(), cooldown);
            return GateDecision.deny(name(), (input.unhealthyNodes() - excluded) + " of " + total + " nodes look unhealthy"
                    + (excluded == 0 ? "" : " (besides " + excluded + " in frozen failure domains)") + ", more than the "
                    + maxUnhealthy + " allowed (" + limit + "): not remediating during a storm (since " + state.since() + ")");
        }
        if (state.frozenAt(input.now())) {
            return GateDecision.deny(name(), "cooling down after a storm until " + state.cooldownUntil());
        }
        return domains == null ? GateDecision.allow(name()) : domains.evaluate(input).orElse(GateDecision.allow(name()));
    }

    /** The unhealthy nodes of the failure domains that are in a storm of their own now (0 without domains). */
    private int inStormyDomains(DomainCounts counts) {
        if (domains == null || counts == null || !domains.label().equals(counts.label())) {
            return 0;
        }
        return counts.byDomain().values().stream().filter(domains::isStorm).mapToInt(DomainCounts.Count::unhealthy).sum();
    }
}
