package dev.selfheal.core.safety;

import java.time.Instant;

/**
 * The storm gate's memory, persisted in the cluster so a new leader keeps a storm freeze and its cooldown.
 *
 * @param since when the current (or last) storm was first seen, or null when none was seen
 * @param lastSeen when too many nodes last looked unhealthy at once, or null
 * @param cooldownUntil nothing new starts before this time, or null
 */
public record StormState(Instant since, Instant lastSeen, Instant cooldownUntil) {

    /** No storm seen. */
    public static final StormState CALM = new StormState(null, null, null);

    /** Whether the freeze (storm or cooldown) holds at {@code now}. */
    public boolean frozenAt(Instant now) {
        return cooldownUntil != null && now.isBefore(cooldownUntil);
    }
}
