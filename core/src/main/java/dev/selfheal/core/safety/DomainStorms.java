package dev.selfheal.core.safety;

import dev.selfheal.core.config.DomainStormSettings;
import dev.selfheal.core.safety.DomainCounts.Count;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Storm protection per failure domain, the part of the {@link StormGate} that keeps each domain's
 * {@link StormState}: a domain in which more nodes look unhealthy than its limit allows (a zone gone dark) is frozen,
 * with a cooldown after, while the others go on. Used from the healer's single decision thread.
 */
final class DomainStorms {

    /** The name of the gate decisions it takes. */
    static final String GATE = "domain-storm";

    private final DomainStormSettings settings;
    private final Duration cooldown;
    private Map<String, StormState> states = Map.of();

    DomainStorms(DomainStormSettings settings, Duration cooldown) {
        this.settings = settings;
        this.cooldown = cooldown;
    }

    String label() {
        return settings.label();
    }

    boolean isStorm(Count c) {
        return c.unhealthy() > settings.maxUnhealthy().limit(c.total());
    }

    Map<String, StormState> states() {
        return states;
    }

    void restore(Map<String, StormState> persisted) {
        states = Map.copyOf(persisted);
    }

    /** Notes every domain's storm now; forgets the domains whose freeze ended. Returns the states afterwards. */
    Map<String, StormState> observe(DomainCounts counts, Instant now) {
        Map<String, StormState> next = new HashMap<>();
        states.forEach((d, s) -> {
            if (s.frozenAt(now)) {
                next.put(d, s);
            }
        });
        counts.byDomain().forEach((d, c) -> {
            if (isStorm(c)) {
                next.put(d, states.getOrDefault(d, StormState.CALM).stormAt(now, cooldown));
            }
        });
        states = Map.copyOf(next);
        return states;
    }

    /** A denial when the node's domain is in a storm or cooling down after one. */
    Optional<GateDecision> evaluate(GateInput in) {
        Optional<String> domain = in.domains().domainOf(in.node());
        if (domain.isEmpty() || !label().equals(in.domains().label())) {
            return Optional.empty();
        }
        String d = domain.get();
        Count c = in.domains().count(d);
        StormState s = states.get(d);
        if (isStorm(c)) {
            Instant since = s != null && s.frozenAt(in.now()) ? s.since() : in.now();
            return Optional.of(GateDecision.deny(GATE, "failure domain " + describe(d) + " is frozen: " + why(c)
                    + "; not remediating its nodes while it is dark (since " + since + "); other domains go on"));
        }
        if (s != null && s.frozenAt(in.now())) {
            return Optional.of(GateDecision.deny(GATE, "failure domain " + describe(d) + " is cooling down after a storm until "
                    + s.cooldownUntil()));
        }
        return Optional.empty();
    }

    /** {@code label=value}. */
    String describe(String domain) {
        return label() + "=" + domain;
    }

    /** Why a domain's counts are a storm. */
    String why(Count c) {
        return c.unhealthy() + " of " + c.total() + " nodes look unhealthy, more than the " + settings.maxUnhealthy()
                + " allowed (" + settings.maxUnhealthy().limit(c.total()) + ")";
    }
}
