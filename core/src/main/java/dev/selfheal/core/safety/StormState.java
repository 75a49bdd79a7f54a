package dev.selfheal.core.safety;

import java.time.Instant;
import java.util.Map;

/**
 * The storm gate's memory, persisted in the cluster so a new leader keeps a storm freeze and its cooldown: the
 * cluster's, and each failure domain's.
 *
 * @param since when the current (or last) storm was first seen, or null when none was seen
 * @param lastSeen when too many nodes last looked unhealthy at once, or null
 * @param cooldownUntil nothing new starts before this time, or null
 * @param domains the same per failure domain (by the domain label's value), for domains with a storm remembered; their
 *                own {@code domains} are empty
 */
public record StormState(Instant since, Instant lastSeen, Instant cooldownUntil, Map<String, StormState> domains) {

    /** No storm seen. */
    public static final StormState CALM = new StormState(null, null, null);

    /** Copies the domains. */
    public StormState {
        domains = domains == null ? Map.of() : Map.copyOf(domains);
    }

    /** A state without failure domains. */
    public StormState(Instant since, Instant lastSeen, Instant cooldownUntil) {
        this(since, lastSeen, cooldownUntil, Map.of());
    }

    /** Whether the freeze (storm or cooldown) holds at {@code now}. */
    public boolean frozenAt(Instant now) {
        return cooldownUntil != null && now.isBefore(cooldownUntil);
    }

    /** The same cluster-wide state with these domains'. */
    public StormState withDomains(Map<String, StormState> d) {
        return new StormState(since, lastSeen, cooldownUntil, d);
    }

    /** The state after a storm seen at {@code now}: the same storm if its freeze still holds, else a new one. */
    StormState stormAt(Instant now, java.time.Duration cooldown) {
        return new StormState(since != null && frozenAt(now) ? since : now, now, now.plus(cooldown), domains);
    }
}
