package dev.selfheal.provider.baremetal;

import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Polls a BMC until the machine reaches a power state: reads are scheduled every poll interval on a shared
 * scheduler (no sleeping thread), the deadline is measured with the injected {@link Clock}, and a read that
 * fails with a retryable error (a BMC busy restarting) is tolerated until the deadline. A permanent error
 * ends the wait at once. Thread-safe.
 */
final class PowerWaiter {

    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Duration callTimeout;

    /**
     * @param clock measures the deadline
     * @param scheduler runs the reads
     * @param interval the pause between reads
     * @param callTimeout the limit on one read, for the wall-clock safety bound
     */
    PowerWaiter(Clock clock, ScheduledExecutorService scheduler, Duration interval, Duration callTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /**
     * Reads until the power state is one of {@code goal}.
     *
     * @param machine the machine, for messages
     * @param operation the read call, for messages
     * @param read one read of the BMC
     * @param goal the states that end the wait
     * @param timeout how long to wait
     * @return the first reading in a goal state
     * @throws RetryableProviderException when the deadline passes first, with the last reading or error
     */
    BmcReading await(String machine, String operation, Supplier<BmcReading> read, Set<PowerState> goal, Duration timeout) {
        Poll poll = new Poll(machine, operation, read, goal, timeout, clock.instant().plus(timeout));
        try {
            scheduler.execute(poll);
        } catch (RejectedExecutionException e) {
            throw new RetryableProviderException(machine, operation, "the provider is closed", e);
        }
        // The clock bounds the polling; this bounds the wait in real time too, should the clock stand still.
        Duration bound = timeout.plus(callTimeout).plus(interval).plus(SAFETY_MARGIN);
        try {
            return poll.result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ProviderException pe ? pe : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            poll.result.cancel(false);
            throw poll.timedOut();
        } catch (InterruptedException e) {
            poll.result.cancel(false);
            Thread.currentThread().interrupt();
            throw new RetryableProviderException(machine, operation, "interrupted while waiting for " + goal, e);
        }
    }

    /** One wait: reads, then schedules the next read until done. */
    private final class Poll implements Runnable {
        final CompletableFuture<BmcReading> result = new CompletableFuture<>();
        private final String machine;
        private final String operation;
        private final Supplier<BmcReading> read;
        private final Set<PowerState> goal;
        private final Duration timeout;
        private final Instant deadline;
        private volatile String last = "no reading yet";
        private volatile Throwable lastError;

        Poll(String machine, String operation, Supplier<BmcReading> read, Set<PowerState> goal, Duration timeout,
             Instant deadline) {
            this.machine = machine;
            this.operation = operation;
            this.read = read;
            this.goal = goal;
            this.timeout = timeout;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            try {
                BmcReading r = read.get();
                if (goal.contains(r.power())) {
                    result.complete(r);
                    return;
                }
                last = "last power state " + r.power();
                lastError = null;
            } catch (ProviderException e) {
                if (!e.isRetryable()) {
                    result.completeExceptionally(e);
                    return;
                }
                last = "last read failed: " + e.getMessage();
                lastError = e;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                result.completeExceptionally(timedOut());
                return;
            }
            try {
                scheduler.schedule(this, interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new RetryableProviderException(machine, operation, "the provider is closed", e));
            }
        }

        RetryableProviderException timedOut() {
            return new RetryableProviderException(machine, operation, "the machine did not reach " + goal + " within "
                    + timeout + " (" + last + ")", lastError);
        }
    }
}
