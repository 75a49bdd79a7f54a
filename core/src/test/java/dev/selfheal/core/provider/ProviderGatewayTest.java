package dev.selfheal.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.spi.ActionGuard;
import dev.selfheal.spi.ActionNotPermittedException;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Retry, circuit breaker, rate limit and time limit around provider calls (a test-only in-memory provider). */
class ProviderGatewayTest {

    private static final NodeView NODE = new NodeView("n1", "uid", "mem://m1", Map.of(), Map.of(), List.of(), List.of(),
            Instant.EPOCH, false);

    @Test
    void retriesRetryableFailuresAndStopsOnPermanentOnes() {
        Scripted p = new Scripted();
        p.next(() -> {
            throw new RetryableProviderException("m1", "power-off", "throttled");
        });
        p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(3, 100))) {
            Machine m = g.resolve(NODE).orElseThrow();
            assertThat(g.fence(m, LIMIT).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(p.calls.get()).isEqualTo(2);
            p.next(() -> {
                throw new PermanentProviderException("m1", "power-off", "access denied");
            });
            assertThatThrownBy(() -> g.fence(m, LIMIT)).isInstanceOf(PermanentProviderException.class).hasMessageContaining("access denied");
            assertThat(p.calls.get()).isEqualTo(3);
        }
    }

    @Test
    void destructiveActionsAreRateLimited() {
        Scripted p = new Scripted();
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(1, 1))) {
            Machine m = g.resolve(NODE).orElseThrow();
            p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
            g.fence(m, LIMIT);
            p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
            assertThatThrownBy(() -> g.fence(m, LIMIT)).isInstanceOf(RetryableProviderException.class)
                    .hasMessageContaining("rate limit").hasMessageContaining("mem:m1 (node n1)");
            assertThat(p.calls.get()).isEqualTo(1);
        }
    }

    @Test
    void aHangingCallEndsAtItsTimeLimit() {
        Scripted p = new Scripted();
        p.next(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MachineStatus(ref(), PowerState.ON, List.of(), Instant.EPOCH);
        });
        ResilienceSettings s = new ResilienceSettings(1, Duration.ofMillis(10), Duration.ofSeconds(30), 50, Duration.ofSeconds(5), 10,
                Duration.ofSeconds(1), 8);
        try (ProviderGateway g = new ProviderGateway(List.of(p), s)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> g.status(g.resolve(NODE).orElseThrow()))
                    .isInstanceOf(RetryableProviderException.class).hasMessageContaining("no result within PT1S");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void repeatedFailuresOpenTheCircuitBreaker() {
        Scripted p = new Scripted();
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(1, 100))) {
            Machine m = g.resolve(NODE).orElseThrow();
            // the resolve above was the breaker's first (successful) call: 4 failures make 80% of 5 calls
            for (int i = 0; i < 4; i++) {
                p.next(() -> {
                    throw new RetryableProviderException("m1", "status", "5xx");
                });
                assertThatThrownBy(() -> g.status(m)).hasMessageContaining("5xx");
            }
            assertThatThrownBy(() -> g.status(m)).hasMessageContaining("circuit breaker is open");
            assertThat(p.calls.get()).isEqualTo(4);
        }
    }

    @Test
    void everyCallIsHeardWithItsOutcomeAndTheBreakersStateIsShown() {
        Scripted p = new Scripted();
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProviderCallObserver observer = (provider, operation, outcome, took) -> heard.add(provider + " " + operation + " " + outcome);
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(1, 100), ActionGuard.ALWAYS, observer)) {
            assertThat(g.breakerStates()).containsExactly(Map.entry(p.type(), "CLOSED"));
            Machine m = g.resolve(NODE).orElseThrow();
            for (int i = 0; i < 4; i++) {
                p.next(() -> {
                    throw new RetryableProviderException("m1", "status", "5xx");
                });
                assertThatThrownBy(() -> g.status(m)).hasMessageContaining("5xx");
            }
            assertThatThrownBy(() -> g.status(m)).hasMessageContaining("circuit breaker is open");
            assertThat(g.breakerStates()).containsExactly(Map.entry(p.type(), "OPEN"));
            String t = p.type();
            assertThat(heard).containsExactly(t + " resolve ok", t + " status failed", t + " status failed",
                    t + " status failed", t + " status failed", t + " status rejected");
        }
    }

    @Test
    void theGuardIsAskedBeforeEveryAttemptOfAnActionAndStopsTheRetries() {
        Scripted p = new Scripted();
        AtomicInteger asked = new AtomicInteger();
        ActionGuard guard = (machine, op) -> {
            if (asked.incrementAndGet() > 1) {
                throw new ActionNotPermittedException(machine, op, "no valid leader lease");
            }
        };
        p.next(() -> {
            throw new RetryableProviderException("m1", "power-off", "throttled");
        });
        p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(3, 100), guard)) {
            Machine m = g.resolve(NODE).orElseThrow();
            assertThatThrownBy(() -> g.fence(m, LIMIT)).isInstanceOf(ActionNotPermittedException.class)
                    .hasMessageContaining("no valid leader lease");
            assertThat(p.calls.get()).as("the retry after the guard refused is never sent").isEqualTo(1);
            assertThat(asked.get()).isEqualTo(2);
            p.answers.clear();
            p.next(() -> new MachineStatus(ref(), PowerState.ON, List.of(), Instant.EPOCH));
            assertThat(g.status(m).power()).as("reads are not guarded").isEqualTo(PowerState.ON);
        }
    }

    @Test
    void aProviderWhoseCallsHangHoldsOnlyItsBulkheadAndNeverAnotherProvider() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Scripted hanging = new Scripted();
        Scripted other = new Scripted("other");
        ResilienceSettings s = new ResilienceSettings(1, Duration.ofMillis(10), Duration.ofSeconds(30), 50, Duration.ofSeconds(5), 10,
                Duration.ofMillis(300), 2);
        try (ProviderGateway g = new ProviderGateway(List.of(hanging, other), s)) {
            Machine m = g.resolve(NODE).orElseThrow();
            for (int i = 0; i < 2; i++) {
                hanging.next(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // keep hanging: the bulkhead holds until the call really returns
                        try {
                            release.await();
                        } catch (InterruptedException again) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return new MachineStatus(ref(), PowerState.ON, List.of(), Instant.EPOCH);
                });
                assertThatThrownBy(() -> g.status(m)).hasMessageContaining("no result within PT0.3S");
            }
            assertThatThrownBy(() -> g.status(m)).isInstanceOf(RetryableProviderException.class).hasMessageContaining("bulkhead full");
            assertThat(hanging.calls.get()).isEqualTo(2);
            Machine o = new Machine(other, MachineRef.of("other", "o1", "n2"));
            other.next(() -> new MachineStatus(MachineRef.of("other", "o1", "n2"), PowerState.ON, List.of(), Instant.EPOCH));
            assertThat(g.status(o).power()).isEqualTo(PowerState.ON);
            release.countDown();
        }
    }

    private static ResilienceSettings settings(int attempts, int perMinute) {
        return new ResilienceSettings(attempts, Duration.ofMillis(10), Duration.ofSeconds(10), 50, Duration.ofSeconds(60), perMinute);
    }

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static MachineRef ref() {
        return MachineRef.of("mem", "m1", "n1");
    }

    /** Answers each call with the next scripted answer. */
    private static final class Scripted implements InfrastructureProvider {
        final Deque<Supplier<Object>> answers = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();
        final String type;

        Scripted() {
            this("mem");
        }

        Scripted(String type) {
            this.type = type;
        }

        synchronized void next(Supplier<Object> answer) {
            answers.add(answer);
        }

        private synchronized Supplier<Object> take() {
            calls.incrementAndGet();
            return answers.isEmpty() ? () -> {
                throw new IllegalStateException("no scripted answer");
            } : answers.poll();
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.POWER_STATUS, Capability.POWER_OFF);
        }

        @Override
        public Optional<MachineRef> resolve(NodeDescriptor node) {
            return node.parsedProviderId().filter(id -> id.scheme().equals(type)).map(id -> MachineRef.of(type, id.path(), node.name()));
        }

        @Override
        public MachineStatus status(MachineRef machine) {
            return (MachineStatus) take().get();
        }

        @Override
        public FenceResult powerOff(MachineRef machine) {
            return (FenceResult) take().get();
        }

        @Override
        public void close() {
        }
    }
}
