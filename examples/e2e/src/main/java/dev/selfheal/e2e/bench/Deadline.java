package dev.selfheal.e2e.bench;

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
final class Deadline {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-wait");
        t.setDaemon(true);
        return t;
    });

    private Deadline() {
    }

    /** Checks {@code condition} every 100 ms for at most {@code limit}; returns whether it held in time. */
    static boolean await(BooleanSupplier condition, Duration limit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> checks = SCHEDULER.scheduleWithFixedDelay(() -> {
            try {
                if (condition.getAsBoolean()) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                // not yet
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            checks.cancel(false);
        }
    }
}
