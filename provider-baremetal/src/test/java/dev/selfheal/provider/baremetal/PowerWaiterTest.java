package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PowerWaiterTest {

    /** A clock that moves one second every time it is read, so deadlines pass without waiting. */
    static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final PowerWaiter waiter = new PowerWaiter(new SteppingClock(), scheduler, Duration.ofMillis(1), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static Supplier<BmcReading> script(Object... steps) {
        Deque<Object> q = new ArrayDeque<>(List.of(steps));
        return () -> {
            Object s = q.size() > 1 ? q.poll() : q.peek();
            if (s instanceof RuntimeException e) {
                throw e;
            }
            return BmcReading.of((PowerState) s);
        };
    }

    @Test
    void pollsUntilTheGoalStateAndToleratesABusyBmc() {
        RetryableProviderException busy = new RetryableProviderException("m", "read", "BMC busy");
        BmcReading r = waiter.await("m", "read", script(PowerState.ON, busy, PowerState.POWERING_OFF, PowerState.OFF),
                Set.of(PowerState.OFF), Duration.ofSeconds(30));
        assertThat(r.power()).isEqualTo(PowerState.OFF);
    }

    @Test
    void theDeadlineOnTheInjectedClockEndsTheWaitWithTheLastState() {
        AtomicInteger reads = new AtomicInteger();
        Supplier<BmcReading> stuck = () -> {
            reads.incrementAndGet();
            return BmcReading.of(PowerState.ON);
        };
        assertThatThrownBy(() -> waiter.await("machine-7", "redfish:GET ComputerSystem", stuck, Set.of(PowerState.OFF),
                Duration.ofSeconds(5)))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContainingAll("machine-7", "redfish:GET ComputerSystem", "did not reach [OFF] within PT5S",
                        "last power state ON");
        assertThat(reads.get()).isBetween(2, 6);
    }

    @Test
    void unknownIsNeverTakenForOffAndAPermanentErrorStopsAtOnce() {
        assertThatThrownBy(() -> waiter.await("m", "read", script(PowerState.UNKNOWN), Set.of(PowerState.OFF), Duration.ofSeconds(3)))
                .isInstanceOf(RetryableProviderException.class).hasMessageContaining("last power state UNKNOWN");
        PermanentProviderException denied = new PermanentProviderException("m", "read", "401");
        assertThatThrownBy(() -> waiter.await("m", "read", script(PowerState.ON, denied), Set.of(PowerState.OFF),
                Duration.ofHours(1))).isSameAs(denied);
    }

    @Test
    void aClosedSchedulerIsAnErrorNotAHang() {
        scheduler.shutdownNow();
        assertThatThrownBy(() -> waiter.await("m", "read", script(PowerState.ON), Set.of(PowerState.OFF), Duration.ofSeconds(3)))
                .isInstanceOf(RetryableProviderException.class).hasMessageContaining("closed");
    }
}
