package dev.selfheal.testbed.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling waits for test set-up: readiness of a peer, a state reached in a test. */
public final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds, or fails with {@code what} and the
     * {@code detail} after {@code timeout}. A condition that throws counts as not yet true.
     */
    public static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition,
                             Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (PeerExitedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (detail == null ? "" : "\n" + detail.get()));
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            pause(interval);
        }
    }

    /** {@link #until(String, Duration, Duration, BooleanSupplier, Supplier)} polling every 100 ms. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, Duration.ofMillis(100), condition, null);
    }

    /**
     * Waits until a peer answers, failing fast with its log tail when the process dies first.
     */
    public static void ready(PeerProcess peer, Duration timeout, BooleanSupplier answers) {
        until(peer.name() + " to become ready", timeout, Duration.ofMillis(100), () -> {
            if (!peer.isAlive()) {
                throw new PeerExitedException(peer.name() + " exited during start-up; log " + peer.log()
                        + ":\n" + peer.logTail(40));
            }
            return answers.getAsBoolean();
        }, () -> "log " + peer.log() + ":\n" + peer.logTail(40));
    }

    /** A peer died while being waited for: fails at once instead of waiting out the time-out. */
    public static final class PeerExitedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PeerExitedException(String message) {
            super(message);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
