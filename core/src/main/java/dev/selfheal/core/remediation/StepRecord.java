package dev.selfheal.core.remediation;

import java.time.Instant;

/**
 * A finished step of a remediation.
 *
 * @param step the step name
 * @param outcome {@code done}, {@code healed}, {@code skipped}, {@code timed-out} or {@code failed}
 * @param at when it finished
 * @param detail a human detail, free of secrets
 * @param actedAt when its action returned, or null when it did not act (skipped, failed or cut while acting)
 */
public record StepRecord(String step, String outcome, Instant at, String detail, Instant actedAt) {
}
