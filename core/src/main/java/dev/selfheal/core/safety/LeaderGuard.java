package dev.selfheal.core.safety;

import dev.selfheal.spi.ActionGuard;
import dev.selfheal.spi.ActionNotPermittedException;
import java.util.function.BooleanSupplier;

/**
 * A stale leader never acts: asked immediately before every provider mutation (each attempt, the SDK's own
 * retries included, through {@link #forProviders()}), every API write and every Event. It reads the leader's lease
 * validity by the clock at that moment ({@code Leadership.isLeader()}: held, and renewed within the renew deadline),
 * never a flag cached when the decision was taken, so a healer paused past its lease (SIGSTOP, a long GC, a
 * partition) and resumed after another took over sends nothing.
 */
public final class LeaderGuard {

    private final BooleanSupplier validLease;

    /** @param validLease whether this healer holds a valid leader lease now (by the clock) */
    public LeaderGuard(BooleanSupplier validLease) {
        this.validLease = validLease;
    }

    /** A guard for a healer that always acts (leader election off). */
    public static LeaderGuard always() {
        return new LeaderGuard(() -> true);
    }

    /** Whether this healer may act now. */
    public boolean mayAct() {
        return validLease.getAsBoolean();
    }

    /**
     * Passes when this healer may act now.
     *
     * @param what the write about to be sent, for the message
     * @throws NotLeaderException otherwise
     */
    public void check(String what) {
        if (!mayAct()) {
            throw new NotLeaderException(what);
        }
    }

    /** The same rule for providers' mutating requests. */
    public ActionGuard forProviders() {
        return (machine, operation) -> {
            if (!mayAct()) {
                throw new ActionNotPermittedException(machine, operation, NotLeaderException.REASON);
            }
        };
    }

    /** Thrown instead of a write a healer without a valid leader lease was about to send. */
    public static final class NotLeaderException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        static final String REASON = "this healer holds no valid leader lease now";

        NotLeaderException(String what) {
            super("not sent (" + what + "): " + REASON);
        }
    }
}
