package dev.selfheal.provider.baremetal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The power-ons and restarts this provider sent and has not yet seen take effect, by machine.
 *
 * <p>A BMC applies a reset later than it answers (seconds, on real hardware and in sushy-tools alike), and a restart
 * reads Off in between. A fence that reads Off then would confirm a machine that is about to come back on, and the
 * healer would release its workloads beside it. So a step whose restart was cut short by its time limit leaves its
 * mark here, and the fence first waits (within the power timeout counted from when it was sent) until the machine is
 * on, then cuts the power and confirms it off. Thread-safe.
 */
final class PendingPowerOns {

    private final Clock clock;
    private final Duration horizon;
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();

    /**
     * @param clock the provider's clock
     * @param horizon how long after it was sent a power-on may still take effect (the power timeout)
     */
    PendingPowerOns(Clock clock, Duration horizon) {
        this.clock = clock;
        this.horizon = horizon;
    }

    /** A power-on or restart of {@code machine} was sent now. */
    void sent(String machine) {
        sent.put(machine, clock.instant());
    }

    /** The machine was seen on after what was sent (or it no longer matters). */
    void settled(String machine) {
        sent.remove(machine);
    }

    /** How long a power-on sent to {@code machine} may still take to show, if one is pending. */
    Optional<Duration> remaining(String machine) {
        Instant at = sent.get(machine);
        if (at == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), at.plus(horizon));
        if (left.isNegative() || left.isZero()) {
            sent.remove(machine, at);
            return Optional.empty();
        }
        return Optional.of(left);
    }
}
