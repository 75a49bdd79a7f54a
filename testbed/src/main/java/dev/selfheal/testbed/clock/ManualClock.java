package dev.selfheal.testbed.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test moves by hand: fixed at a start instant, or running with the system clock plus an offset. */
public final class ManualClock extends Clock {

    private final boolean running;
    private volatile Instant fixed;
    private volatile Duration offset = Duration.ZERO;

    private ManualClock(Instant fixed, boolean running) {
        this.fixed = fixed;
        this.running = running;
    }

    /** A clock that stands at {@code start} until advanced. */
    public static ManualClock at(Instant start) {
        return new ManualClock(start, false);
    }

    /** A clock that runs with the system clock, plus whatever it was advanced by. */
    public static ManualClock running() {
        return new ManualClock(null, true);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration d) {
        if (running) {
            offset = offset.plus(d);
        } else {
            fixed = fixed.plus(d);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return running ? Instant.now().plus(offset) : fixed;
    }
}
