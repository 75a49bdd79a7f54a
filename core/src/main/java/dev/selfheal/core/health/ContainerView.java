package dev.selfheal.core.health;

/**
 * A container's status.
 *
 * @param name the container name
 * @param restartCount how often it restarted
 * @param waitingReason the reason while waiting (such as {@code CrashLoopBackOff}), or null
 * @param ready whether ready
 */
public record ContainerView(String name, int restartCount, String waitingReason, boolean ready) {
}
