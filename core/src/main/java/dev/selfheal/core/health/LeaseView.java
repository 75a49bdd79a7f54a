package dev.selfheal.core.health;

import java.time.Duration;
import java.time.Instant;

/**
 * A Lease: a node heartbeat in {@code kube-node-lease}, or a node agent heartbeat.
 *
 * @param name the lease name (the node name for node leases)
 * @param holder the holder identity, or null
 * @param renewTime the last renewal, or null
 * @param duration the lease duration, or null
 */
public record LeaseView(String name, String holder, Instant renewTime, Duration duration) {

    /** How long since the last renewal at {@code now}; a year when it was never renewed. */
    public Duration age(Instant now) {
        return renewTime == null ? Duration.ofDays(365) : Duration.between(renewTime, now);
    }
}
