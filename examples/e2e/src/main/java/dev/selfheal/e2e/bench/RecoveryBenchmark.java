package dev.selfheal.e2e.bench;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.e2e.E2eConfig;
import dev.selfheal.e2e.HealerUnderTest;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MotoFleet;
import dev.selfheal.testbed.kube.KubeTestbed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recovery benchmark: the same failure with Selfheal and with Kubernetes alone, in the same testbed and
 * the same run (controller-manager defaults: node-monitor-grace-period 50 s, default tolerations 300 s), for a
 * Deployment pod and for a StatefulSet pod with a volume, measured from the failure to the new pod Running on
 * another node. Selfheal runs with a 10 s threshold ({@link E2eConfig#healer}); Kubernetes alone is given at
 * most {@code --cap} (default 10 min). Both failures of Kubernetes alone run side by side to share the wait.
 *
 * <pre>
 * ./mvnw -B -q -pl examples/e2e -am package -DskipTests
 * cd examples/e2e &amp;&amp; java -cp "target/classes:$(cat target/classpath.txt)" dev.selfheal.e2e.bench.RecoveryBenchmark [--runs 3] [--cap 10] [--lease 20]
 * </pre>
 *
 * The node Lease lasts {@code --lease} seconds (default 20 s, renewed every 5 s) so that the 10 s threshold, not
 * the heartbeat period, decides when the healer looks: it asks the provider once a Lease is late by the
 * threshold or half its duration, whichever is shorter.
 */
public final class RecoveryBenchmark {

    private static final Duration SELFHEAL_LIMIT = Duration.ofMinutes(3);

    private final KubeTestbed kube;
    private final MotoServer moto;
    private final MotoFleet fleet;
    private final MachineNodeBridge bridge;

    private RecoveryBenchmark(KubeTestbed kube, MotoServer moto, MotoFleet fleet, MachineNodeBridge bridge) {
        this.kube = kube;
        this.moto = moto;
        this.fleet = fleet;
        this.bridge = bridge;
    }

    /** Runs the benchmark and prints the results as a Markdown table. */
    public static void main(String[] args) {
        int runs = intArg(args, "--runs", 3);
        Duration cap = Duration.ofMinutes(intArg(args, "--cap", 10));
        Duration lease = Duration.ofSeconds(intArg(args, "--lease", 20));
        System.out.println("runs " + runs + ", Kubernetes alone capped at " + cap.toMinutes() + " min, node Lease " + lease.toSeconds()
                + " s (renewed every " + lease.toSeconds() / 4.0 + " s), Selfheal threshold " + E2eConfig.THRESHOLD.toSeconds() + " s");
        try (KubeTestbed kube = KubeTestbed.builder().nodeLeaseDuration(lease).start();
             MotoServer moto = MotoServer.start();
             MotoFleet fleet = MotoFleet.of(moto);
             MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(Ec2Machines.of(moto)).start()) {
            RecoveryBenchmark bench = new RecoveryBenchmark(kube, moto, fleet, bridge);
            List<Measurement> results = new ArrayList<>();
            for (Failure f : Failure.values()) {
                for (int i = 1; i <= runs; i++) {
                    results.add(bench.withSelfheal(f, i));
                }
            }
            results.addAll(bench.kubernetesAlone(cap));
            System.out.println();
            System.out.println(new ResultTable(results, cap, runs).markdown());
        }
        System.exit(0);
    }

    @SuppressWarnings("try") // the healer runs for the duration of the block
    private Measurement withSelfheal(Failure failure, int run) {
        String pool = "sh-" + failure.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + run;
        SelfhealConfig config = E2eConfig.healer(pool + "-healer").toBuilder().provider(E2eConfig.aws(moto)).build();
        try (RecoveryCase c = new RecoveryCase(kube, fleet, bridge, pool);
             HealerUnderTest healer = HealerUnderTest.start(kube, config, List.of())) {
            c.fail(failure);
            Deadline.await(c::recovered, SELFHEAL_LIMIT);
            Measurement m = new Measurement("Selfheal", failure, c.elapsed("web"), c.elapsed("db"));
            report(m);
            return m;
        }
    }

    private List<Measurement> kubernetesAlone(Duration cap) {
        List<RecoveryCase> cases = new ArrayList<>();
        try {
            for (Failure f : Failure.values()) {
                cases.add(new RecoveryCase(kube, fleet, bridge, "k8s-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
            System.out.println("Kubernetes alone: both failures at once, waiting up to " + cap.toMinutes() + " min");
            for (int i = 0; i < cases.size(); i++) {
                cases.get(i).fail(Failure.values()[i]);
            }
            Deadline.await(() -> cases.stream().allMatch(RecoveryCase::recovered), cap);
            List<Measurement> out = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Measurement m = new Measurement("Kubernetes alone", Failure.values()[i], cases.get(i).elapsed("web"),
                        cases.get(i).elapsed("db"));
                report(m);
                out.add(m);
            }
            return out;
        } finally {
            cases.forEach(RecoveryCase::close);
        }
    }

    private static void report(Measurement m) {
        System.out.printf(Locale.ROOT, "%-17s %-40s Deployment %s, StatefulSet %s%n", m.healer(), m.failure().description(),
                ResultTable.seconds(m.deployment()), ResultTable.seconds(m.statefulSet()));
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
