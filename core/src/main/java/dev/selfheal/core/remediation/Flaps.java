package dev.selfheal.core.remediation;

import dev.selfheal.core.diagnosis.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells a flap: a node that fails again after being healthy for less than {@code gates.flapWindow} since its last
 * remediation ended has the same failure, not a new one. Its new remediation keeps the time the node first became
 * unhealthy, counts its attempt on from the last one, and goes on up the ladder past the non-destructive steps that
 * did not hold (karpenter's node repair and most healers start such a node at the bottom of the ladder each time).
 * Destructive steps are not passed by: fencing and releasing again keep their invariants within each remediation.
 * Pod failures never flap: deleting a crash-looping pod again is all their ladder has.
 */
public final class Flaps {

    private static final String SKIPPED = "skipped";

    private Flaps() {
    }

    /**
     * Whether a failure of the node seen at {@code failedAt} continues {@code previous}, the node's last remediation.
     *
     * @param nodeUid the node's uid now (a re-registered or replaced node is another node and starts afresh)
     * @param failureClass the new failure's class
     * @param window {@code gates.flapWindow}; zero turns flaps off
     */
    public static boolean flapped(Remediation previous, String nodeUid, FailureClass failureClass, Instant failedAt,
                                  Duration window) {
        if (window.isZero() || !previous.state().isFinal() || previous.nodeUid() == null
                || !previous.nodeUid().equals(nodeUid)) {
            return false;
        }
        if (previous.failureClass() == FailureClass.POD_FAILURE || failureClass == FailureClass.POD_FAILURE) {
            return false;
        }
        return Duration.between(previous.updatedAt(), failedAt).compareTo(window) < 0;
    }

    /**
     * A new remediation as the continuation of {@code previous}: the node's first unhealthy time, the attempt after
     * the previous one, and the non-destructive steps tried by it (and by those it continued) to pass by.
     *
     * @param destructive whether a step name is that of a destructive step
     */
    public static Remediation continuing(Remediation fresh, Remediation previous, Predicate<String> destructive) {
        Set<String> tried = new LinkedHashSet<>(previous.tried());
        previous.history().stream().filter(h -> !SKIPPED.equals(h.outcome())).map(StepRecord::step)
                .filter(destructive.negate()).forEach(tried::add);
        Instant since = previous.unhealthySince() != null ? previous.unhealthySince() : previous.startedAt();
        return fresh.continuing(since, List.copyOf(tried)).withAttempt(Math.max(fresh.attempt(), previous.attempt() + 1));
    }
}
