package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decision-thread latency while providers are slow: 5,000 healthy nodes, 50 dead nodes (the first argument) whose
 * provider calls all hang, then {@value #SAMPLES} more nodes die one at a time; for each, the time from the change
 * reaching the engine to its diagnosis being told to a listener (the {@code Diagnosed} decision is taken on the
 * decision thread; the time includes up to the 50 ms debounce and a full evaluation of every node).
 * Run with {@code -Dexec.args="-Xmx512m -cp %classpath dev.selfheal.core.engine.EngineLatencyBenchmark [hanging]"}.
 */
public final class EngineLatencyBenchmark {

    private static final int NODES = 5_000;
    private static final int SAMPLES = 200;

    private EngineLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hanging = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Map<String, Long> diagnosedAt = new ConcurrentHashMap<>();
        try (EngineFixture f = new EngineFixture()) {
            for (int i = 0; i < NODES; i++) {
                f.source.healthyNode("n" + i, "test://m" + i, EngineFixture.T0.minusSeconds(3600));
            }
            for (int i = 0; i < hanging; i++) {
                f.provider.hanging.add("h" + i);
                f.source.deadNode("hang" + i, "test://h" + i, EngineFixture.DOWN);
            }
            f.listeners.add(new SelfhealListener() {
                @Override
                public void onDiagnosed(Diagnosis d) {
                    diagnosedAt.putIfAbsent(d.node(), System.nanoTime());
                }
            });
            f.start();
            EngineFixture.await("the hanging nodes diagnosed", () -> diagnosedAt.size() >= hanging);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                String node = "n" + i;
                long t0 = System.nanoTime();
                f.source.deadNode(node, "test://s" + i, EngineFixture.DOWN);
                EngineFixture.await(node + " diagnosed", () -> diagnosedAt.containsKey(node));
                micros.add((diagnosedAt.get(node) - t0) / 1_000);
                Thread.sleep(20);
            }
            Collections.sort(micros);
            System.out.printf("nodes %d, hanging %d, samples %d: trigger -> decision p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                    + " (up to the 50 ms debounce and one evaluation of every node included)%n", NODES, hanging, SAMPLES,
                    micros.get(micros.size() / 2) / 1000.0,
                    micros.get(micros.size() * 99 / 100) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
            System.out.println("provider calls in flight or done: " + f.provider.calls.size()
                    + "; hung capability/status calls never returned during the run");
        }
        System.exit(0);
    }
}
