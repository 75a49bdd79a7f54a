package dev.selfheal.agent.supervise;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The restarts of one component within its {@link RestartPolicy}'s sliding window: when the next one may
 * happen (backoff) and whether the budget is spent (escalate). Pure bookkeeping on the instants it is given.
 */
final class RestartTracker {

    private final RestartPolicy policy;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private long total;

    RestartTracker(RestartPolicy policy) {
        this.policy = policy;
    }

    void record(Instant at) {
        restarts.addLast(at);
        total++;
    }

    /** Every restart recorded since the agent started, in or out of the window. */
    long total() {
        return total;
    }

    /** Restarts within the window ending at {@code now}. */
    int inWindow(Instant now) {
        Instant from = now.minus(policy.window());
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(from)) {
            restarts.removeFirst();
        }
        return restarts.size();
    }

    /** The earliest instant of the next restart. */
    Instant nextAllowed(Instant now) {
        int n = inWindow(now);
        return n == 0 ? now : restarts.peekLast().plus(policy.delayAfter(n));
    }

    /** Whether the budget of the window is spent. */
    boolean exhausted(Instant now) {
        return inWindow(now) >= policy.budget();
    }

    /** The last restart, or null. */
    Instant last() {
        return restarts.peekLast();
    }
}
