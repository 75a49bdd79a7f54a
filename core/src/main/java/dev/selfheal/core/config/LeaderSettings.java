package dev.selfheal.core.config;

import java.time.Duration;

/**
 * Leader election among healer replicas (a Lease in the healer's namespace).
 *
 * @param enabled whether to elect a leader; when false this healer always acts (run one replica only)
 * @param leaseDuration how long a leader's claim is valid (default 15 s)
 * @param renewDeadline how long the leader keeps trying to renew before it stops acting (default 10 s)
 * @param retryPeriod how often candidates try (default 2 s)
 */
public record LeaderSettings(boolean enabled, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** Validates every field and their order (retry < renew deadline < lease duration). */
    public LeaderSettings {
        Validate.duration("leader.leaseDuration", leaseDuration, Duration.ofSeconds(2), Duration.ofMinutes(10));
        Validate.duration("leader.renewDeadline", renewDeadline, Duration.ofSeconds(1), leaseDuration.minusMillis(1));
        Validate.duration("leader.retryPeriod", retryPeriod, Duration.ofMillis(100), renewDeadline.minusMillis(1));
    }

    /** Production defaults. */
    public static LeaderSettings defaults() {
        return new LeaderSettings(true, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }
}
