package dev.selfheal.core.bench;

import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.checks.BuiltInChecks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an in-memory cluster of 5,000 nodes and 100,000 pods with every built-in check and the diagnoser, and
 * prints the time per full evaluation (p50, p99, max), the bytes allocated per evaluation and the heap used after
 * GC. A plain harness, not a test: see docs/benchmarks.md for the command. Arguments (all optional):
 * {@code warmup=30 iterations=100 nodes=5000 podsPerNode=20}.
 *
 * <p>Exits with status 1 when the diagnoses differ from the failures planted in the cluster, so a fast but wrong
 * evaluation cannot pass for a result.
 */
public final class JudgingBenchmark {

    private final List<HealthCheck> checks = BuiltInChecks.defaults();
    private final Diagnoser diagnoser = new Diagnoser();

    private JudgingBenchmark() {
    }

    /** One full evaluation's output: diagnoses by node and the earliest recheck asked for. */
    record Evaluation(Map<String, Diagnosis> diagnoses, Instant nextRecheck, int verdicts) {
    }

    /** Judges every node with every check, then diagnoses it: what the healer does on each change. */
    Evaluation evaluate(ClusterSnapshot snapshot, Instant now) {
        Map<String, Diagnosis> diagnoses = new HashMap<>();
        Instant next = null;
        int count = 0;
        for (NodeView node : snapshot.allNodes()) {
            List<Verdict> verdicts = new ArrayList<>(checks.size());
            for (HealthCheck c : checks) {
                Verdict v = c.judge(node, snapshot, now);
                verdicts.add(v);
                if (v.recheckAt() != null && (next == null || v.recheckAt().isBefore(next))) {
                    next = v.recheckAt();
                }
            }
            count += verdicts.size();
            Optional<Diagnosis> d = diagnoser.diagnose(node, verdicts, snapshot, now);
            if (d.isPresent()) {
                diagnoses.put(node.name(), d.get());
            }
        }
        return new Evaluation(diagnoses, next, count);
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code key=value} options, see the class comment
     */
    public static void main(String[] args) {
        Map<String, Integer> opts = options(args);
        int warmup = opts.getOrDefault("warmup", 30);
        int iterations = opts.getOrDefault("iterations", 100);
        int nodes = opts.getOrDefault("nodes", 5000);
        int podsPerNode = opts.getOrDefault("podsPerNode", 20);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = heapAfterGc(memory);

        SyntheticCluster cluster = SyntheticCluster.build(nodes, podsPerNode);
        ClusterSnapshot snapshot = cluster.snapshot();
        long withSnapshot = heapAfterGc(memory);
        JudgingBenchmark bench = new JudgingBenchmark();
        Instant now = cluster.now();

        Evaluation last = null;
        for (int i = 0; i < warmup; i++) {
            last = bench.evaluate(snapshot, now);
        }
        long[] nanos = new long[iterations];
        long[] cpu = new long[iterations];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long allocated = allocatedBytes();
        for (int i = 0; i < iterations; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = bench.evaluate(snapshot, now);
            nanos[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        long perEvaluation = (allocatedBytes() - allocated) / Math.max(1, iterations);
        long withResults = heapAfterGc(memory);

        report(cluster, last, nanos, cpu, perEvaluation, baseline, withSnapshot, withResults, memory, warmup);
        bench.reportPerCheck(snapshot, now, Math.max(10, iterations / 5));
        if (!cluster.expected().equals(countByClass(last))) {
            System.out.println("WRONG: expected diagnoses " + cluster.expected() + ", got " + countByClass(last));
            System.exit(1);
        }
    }

    private static void report(SyntheticCluster cluster, Evaluation last, long[] nanos, long[] cpu,
                               long allocatedPerEvaluation,
                               long baseline, long withSnapshot, long withResults, MemoryMXBean memory, int warmup) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "cluster: %d nodes, %d pods, %d volume attachments, %d machine views%n",
                cluster.nodeCount(), cluster.podCount(), cluster.attachmentCount(), cluster.machineCount());
        System.out.printf(Locale.ROOT, "checks: %d built-in + diagnoser; %d verdicts per evaluation%n",
                BuiltInChecks.defaults().size(), last.verdicts());
        System.out.printf(Locale.ROOT, "diagnoses: %s (as planted)%n", countByClass(last));
        System.out.printf(Locale.ROOT, "evaluations: %d warm-up, %d measured%n", warmup, nanos.length);
        System.out.printf(Locale.ROOT,
                "time per full evaluation: p50 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms%n",
                ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.99)), ms(sorted[sorted.length - 1]),
                ms(Arrays.stream(nanos).sum() / nanos.length));
        long[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(Locale.ROOT, "cpu time per full evaluation: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms(percentile(cpuSorted, 0.50)), ms(percentile(cpuSorted, 0.99)), ms(cpuSorted[cpuSorted.length - 1]));
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "allocated per evaluation: %.1f MiB%n", mib(allocatedPerEvaluation));
        System.out.printf(Locale.ROOT, "heap used after GC: %.1f MiB before the cluster, %.1f MiB with the snapshot,"
                + " %.1f MiB with the snapshot and the last evaluation (snapshot alone: %.1f MiB); max heap %.0f MiB%n",
                mib(baseline), mib(withSnapshot), mib(withResults), mib(withSnapshot - baseline),
                mib(memory.getHeapMemoryUsage().getMax()));
        System.out.printf(Locale.ROOT, "jvm: %s %s, %d processors%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    /** Mean time of each check alone over every node, and of the diagnoser, to show where the time goes. */
    private void reportPerCheck(ClusterSnapshot snapshot, Instant now, int rounds) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder("mean cpu time per check over all nodes:");
        List<List<Verdict>> verdicts = new ArrayList<>();
        for (NodeView node : snapshot.allNodes()) {
            verdicts.add(checks.stream().map(c -> c.judge(node, snapshot, now)).toList());
        }
        for (HealthCheck c : checks) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                for (NodeView node : snapshot.allNodes()) {
                    c.judge(node, snapshot, now);
                }
            }
            out.append(String.format(Locale.ROOT, " %s %.2f ms,", c.name(),
                    ms((threads.getCurrentThreadCpuTime() - t0) / rounds)));
        }
        long t0 = threads.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            int i = 0;
            for (NodeView node : snapshot.allNodes()) {
                diagnoser.diagnose(node, verdicts.get(i++), snapshot, now);
            }
        }
        out.append(String.format(Locale.ROOT, " diagnoser %.2f ms",
                ms((threads.getCurrentThreadCpuTime() - t0) / rounds)));
        System.out.println(out);
    }

    static Map<FailureClass, Integer> countByClass(Evaluation e) {
        Map<FailureClass, Integer> out = new EnumMap<>(FailureClass.class);
        e.diagnoses().values().forEach(d -> out.merge(d.failureClass(), 1, Integer::sum));
        return out;
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean sun) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> out = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, got " + a);
            }
            out.put(kv[0], Integer.parseInt(kv[1]));
        }
        return out;
    }
}
