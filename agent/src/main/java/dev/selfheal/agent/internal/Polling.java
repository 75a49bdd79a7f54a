package dev.selfheal.agent.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a condition by scheduling checks (no sleeping thread), for the one-shot {@code recover} operation. */
public final class Polling {

    private Polling() {
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds; a condition that throws ends the wait
     * with its exception.
     *
     * @throws IllegalStateException naming {@code what} when it does not hold within {@code timeout}
     */
    public static void await(String what, Duration interval, Duration timeout, BooleanSupplier condition) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "selfheal-agent-poll");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.scheduleWithFixedDelay(() -> {
            try {
                if (condition.getAsBoolean()) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            s.shutdownNow();
        }
    }
}
