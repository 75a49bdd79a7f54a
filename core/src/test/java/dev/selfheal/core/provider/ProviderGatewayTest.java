package dev.selfheal.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.health.NodeView;
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
            Machine m = g.machineOf(NODE).orElseThrow();
            assertThat(g.fence(m).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(p.calls.get()).isEqualTo(2);
            p.next(() -> {
                throw new PermanentProviderException("m1", "power-off", "access denied");
            });
            assertThatThrownBy(() -> g.fence(m)).isInstanceOf(PermanentProviderException.class).hasMessageContaining("access denied");
            assertThat(p.calls.get()).isEqualTo(3);
        }
    }

    @Test
    void destructiveActionsAreRateLimited() {
        Scripted p = new Scripted();
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(1, 1))) {
            Machine m = g.machineOf(NODE).orElseThrow();
            p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
            g.fence(m);
            p.next(() -> new FenceResult(ref(), PowerState.OFF, Instant.EPOCH));
            assertThatThrownBy(() -> g.fence(m)).isInstanceOf(RetryableProviderException.class)
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
        ResilienceSettings s = new ResilienceSettings(1, Duration.ofMillis(10), Duration.ofSeconds(1), 50, Duration.ofSeconds(5), 10);
        try (ProviderGateway g = new ProviderGateway(List.of(p), s)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> g.status(g.machineOf(NODE).orElseThrow()))
                    .isInstanceOf(RetryableProviderException.class).hasMessageContaining("no result within PT1S");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void repeatedFailuresOpenTheCircuitBreaker() {
        Scripted p = new Scripted();
        try (ProviderGateway g = new ProviderGateway(List.of(p), settings(1, 100))) {
            Machine m = g.machineOf(NODE).orElseThrow();
            for (int i = 0; i < 5; i++) {
                p.next(() -> {
                    throw new RetryableProviderException("m1", "status", "5xx");
                });
                assertThatThrownBy(() -> g.status(m)).hasMessageContaining("5xx");
            }
            assertThatThrownBy(() -> g.status(m)).hasMessageContaining("circuit breaker is open");
            assertThat(p.calls.get()).isEqualTo(5);
        }
    }

    private static ResilienceSettings settings(int attempts, int perMinute) {
        return new ResilienceSettings(attempts, Duration.ofMillis(10), Duration.ofSeconds(10), 50, Duration.ofSeconds(60), perMinute);
    }

    private static MachineRef ref() {
        return MachineRef.of("mem", "m1", "n1");
    }

    /** Answers each call with the next scripted answer. */
    private static final class Scripted implements InfrastructureProvider {
        final Deque<Supplier<Object>> answers = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

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
            return "mem";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.POWER_STATUS, Capability.POWER_OFF);
        }

        @Override
        public Optional<MachineRef> resolve(NodeDescriptor node) {
            return node.parsedProviderId().filter(id -> id.scheme().equals("mem")).map(id -> MachineRef.of("mem", id.path(), node.name()));
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
