package dev.selfheal.core.health;

import java.time.Instant;

/**
 * A node condition.
 *
 * @param type the condition type, such as {@code Ready} or {@code KernelDeadlock}
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason the machine-readable reason, possibly empty
 * @param message the human message, possibly empty
 * @param lastTransition when the status last changed, or null
 * @param lastHeartbeat when the reporter last confirmed it, or null
 */
public record ConditionView(String type, String status, String reason, String message, Instant lastTransition,
                            Instant lastHeartbeat) {

    /** Whether the status is {@code True}. */
    public boolean isTrue() {
        return "True".equals(status);
    }
}
