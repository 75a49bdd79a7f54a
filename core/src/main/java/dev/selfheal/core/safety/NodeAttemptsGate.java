package dev.selfheal.core.safety;

import dev.selfheal.core.remediation.Flaps;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-node limits: at most {@code maxAttempts} remediations within {@code window}, and after a failed one, or one
 * whose node failed again within {@code flapWindow} ({@link Flaps}), a backoff of {@code backoff * 2^(attempt-1)}
 * before the next.
 */
public final class NodeAttemptsGate implements Gate {

    private final int maxAttempts;
    private final Duration window;
    private final Duration backoff;
    private final Duration flapWindow;

    /**
     * @param maxAttempts remediations per node within the window
     * @param window the window
     * @param backoff the base backoff after a failure
     */
    public NodeAttemptsGate(int maxAttempts, Duration window, Duration backoff) {
        this(maxAttempts, window, backoff, Duration.ZERO);
    }

    /**
     * @param maxAttempts remediations per node within the window
     * @param window the window
     * @param backoff the base backoff after a failure, or after a remediation whose node flapped
     * @param flapWindow {@code gates.flapWindow}: a node failing again sooner after its remediation ended flaps
     */
    public NodeAttemptsGate(int maxAttempts, Duration window, Duration backoff, Duration flapWindow) {
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.backoff = backoff;
        this.flapWindow = flapWindow;
    }

    @Override
    public String name() {
        return "node-attempts";
    }

    /** The attempt number a new remediation of this node would have. */
    public int nextAttempt(GateInput input) {
        return nextAttempt(input, window);
    }

    /** The attempt number a new remediation of the node would have, counting remediations within {@code window}. */
    public static int nextAttempt(GateInput input, Duration window) {
        return input.previous().filter(p -> p.startedAt().isAfter(input.now().minus(window)))
                .map(p -> p.attempt() + 1).orElse(1);
    }

    /**
     * Whether a node whose latest remediation is {@code latest} has used up its attempts at {@code now}: that
     * remediation ended, started within {@code window}, and was the last one {@code maxAttempts} allows; a new
     * failure of the node is not remediated until the window has passed.
     */
    public static boolean exhausted(Remediation latest, Instant now, int maxAttempts, Duration window) {
        return latest.state().isFinal() && latest.startedAt().isAfter(now.minus(window)) && latest.attempt() >= maxAttempts;
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        int next = nextAttempt(input);
        if (next > maxAttempts) {
            return GateDecision.deny(name(), "node " + input.node().name() + " was remediated " + (next - 1)
                    + " time(s) within " + window + "; the limit is " + maxAttempts);
        }
        if (input.previous().isPresent()) {
            Remediation p = input.previous().get();
            boolean failed = p.state() == RemediationState.FAILED;
            boolean flapped = !failed && Flaps.flapped(p, input.node().uid(), input.diagnosis().failureClass(),
                    input.diagnosis().since(), flapWindow);
            Instant until = p.updatedAt().plus(backoff.multipliedBy(1L << Math.min(20, p.attempt() - 1)));
            if ((failed || flapped) && input.now().isBefore(until)) {
                return GateDecision.deny(name(), "backing off after a " + (failed ? "failed remediation" : "remediation whose"
                        + " node failed again within the flap window") + " until " + until);
            }
        }
        return GateDecision.allow(name());
    }
}
