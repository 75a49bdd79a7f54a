package dev.selfheal.agent.supervise;

import dev.selfheal.agent.config.AgentConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * When to restart an unhealthy component and when to give up and escalate: the first restart is immediate, each
 * further one within {@code window} waits {@code backoff} doubled per restart up to {@code maxBackoff}; after
 * {@code budget} restarts within {@code window} the agent escalates to the cluster healer (and keeps trying at
 * {@code maxBackoff}).
 *
 * @param mode who decides a restart
 * @param backoff the wait before the second restart (10 ms to 1 h)
 * @param maxBackoff the longest wait between restarts (at least {@code backoff}, at most 1 h)
 * @param budget restarts within {@code window} before escalating (1 to 1000)
 * @param window the sliding window of the budget (1 s to 24 h)
 */
public record RestartPolicy(RestartMode mode, Duration backoff, Duration maxBackoff, int budget, Duration window) {

    /** Validates. */
    public RestartPolicy {
        Objects.requireNonNull(mode, "mode");
        if (backoff == null || backoff.toMillis() < 10 || backoff.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("restart.backoff", backoff + " is out of range; allowed range 10ms to 1h");
        }
        if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("restart.maxBackoff", maxBackoff + " is out of range; allowed range "
                    + backoff + " (restart.backoff) to 1h");
        }
        if (budget < 1 || budget > 1000) {
            throw new AgentConfigException("restart.budget", budget + " is out of range; allowed range 1 to 1000");
        }
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new AgentConfigException("restart.window", window + " is out of range; allowed range 1s to 24h");
        }
    }

    /** Defaults: automatic, 1 s doubling to 30 s, 5 restarts in 10 minutes. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(RestartMode.AUTO, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(10));
    }

    /**
     * The wait before the next restart when {@code restartsInWindow} restarts happened within the window: zero
     * for the first, then {@code backoff * 2^(n-1)} capped at {@code maxBackoff}.
     */
    public Duration delayAfter(int restartsInWindow) {
        if (restartsInWindow <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(restartsInWindow - 1, 30);
        Duration d = backoff.multipliedBy(1L << doublings);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
