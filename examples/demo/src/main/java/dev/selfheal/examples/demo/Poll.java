package dev.selfheal.examples.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Bounded waits without sleeping: a condition checked on a scheduler until it holds or the time is up. */
final class Poll {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-poll");
        t.setDaemon(true);
        return t;
    });

    private Poll() {
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds (a condition that throws counts as not
     * yet); fails naming {@code what} after {@code timeout}.
     */
    static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> checks = SCHEDULER.scheduleWithFixedDelay(() -> {
            try {
                if (condition.getAsBoolean()) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                // not yet: the next check decides
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            await(done, timeout, what);
        } finally {
            checks.cancel(false);
        }
    }

    /** Waits for {@code future}, failing naming {@code what} after {@code timeout}. */
    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
