package dev.selfheal.e2e;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Benchmark (not a test): a real node cut off the network while its machine runs, with Selfheal and with Kubernetes
 * alone, on one testbed (controller-manager defaults: node-monitor-grace-period 50 s; the API server gives every pod
 * 300 s of tolerance for {@code unreachable}). Each case is two fresh real nodes with an IPMI BMC each, a Deployment
 * pod and a StatefulSet pod on the first (their data in a directory both nodes mount); the first node's network is
 * cut and the clock runs until a new pod of each app is seen Running on the second node (polled every 100 ms).
 * Selfheal: the healer under its shipped RBAC with the end-to-end configuration ({@link E2eConfig}) and the
 * bare-metal provider over IPMI, {@code --runs} times; Kubernetes alone once, given {@code --cap} minutes.
 *
 * <pre>
 * ./mvnw -B -q -pl examples/e2e -am package -DskipTests
 * cd examples/e2e &amp;&amp; flock /tmp/selfheal-realnode.lock java \
 *     -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
 *     dev.selfheal.e2e.RealNodeCutOffBenchmark [--runs 3] [--cap 7]
 * </pre>
 */
final class RealNodeCutOffBenchmark {

    private static final Duration SELFHEAL_LIMIT = Duration.ofMinutes(3);
    private static final List<String> APPS = List.of("web", "db");

    private final KubeTestbed kube;
    private final RealNodes nodes;

    private RealNodeCutOffBenchmark(KubeTestbed kube, RealNodes nodes) {
        this.kube = kube;
        this.nodes = nodes;
    }

    /** Runs the cases and prints each measurement and a Markdown table. */
    public static void main(String[] args) {
        int runs = intArg(args, "--runs", 3);
        Duration cap = Duration.ofMinutes(intArg(args, "--cap", 7));
        Map<String, List<Optional<Duration>>> results = new TreeMap<>();
        try (KubeTestbed kube = KubeTestbed.builder().start(); RealNodes nodes = RealNodes.on(kube)) {
            RealNodeCutOffBenchmark bench = new RealNodeCutOffBenchmark(kube, nodes);
            for (int i = 1; i <= runs; i++) {
                bench.measure("sh" + i, true, SELFHEAL_LIMIT).forEach((app, d) -> results
                        .computeIfAbsent("Selfheal " + app, k -> new ArrayList<>()).add(d));
            }
            bench.measure("k8s", false, cap).forEach((app, d) -> results
                    .computeIfAbsent("Kubernetes alone " + app, k -> new ArrayList<>()).add(d));
        }
        System.out.println("\n| workload | Kubernetes alone | Selfheal (median of " + runs + ", min to max) |\n|---|---|---|");
        for (String app : APPS) {
            System.out.println("| " + app + " | " + text(results.get("Kubernetes alone " + app), cap) + " | "
                    + text(results.get("Selfheal " + app), SELFHEAL_LIMIT) + " |");
        }
        System.exit(0);
    }

    /** One case: from the cut to each app's new pod Running on the other node, empty when not within {@code limit}. */
    @SuppressWarnings("try") // the healer runs for the duration of the block
    private Map<String, Optional<Duration>> measure(String name, boolean heal, Duration limit) {
        KubernetesClient client = kube.client();
        RealNode a = nodes.add(name + "-a");
        RealNode b = nodes.add(name + "-b");
        Workloads ns = new Workloads(client, name);
        try (RealNodeBmcs bmcs = RealNodeBmcs.of(a, b)) {
            RealNodeUnreachableIT.pool(client, name, a, b);
            SharedDirWorkloads apps = new SharedDirWorkloads(client, name, Workspace.newDir("shared-" + name));
            RealNodeUnreachableIT.schedulable(client, b, false);
            apps.deployment("web");
            apps.statefulSet("db");
            APPS.forEach(app -> ns.awaitRunning(app, 1));
            RealNodeUnreachableIT.schedulable(client, b, true);
            Await.until("data written", Duration.ofSeconds(30),
                    () -> APPS.stream().allMatch(app -> apps.writer(app).isPresent()));
            Set<String> before = client.pods().inNamespace(name).list().getItems().stream()
                    .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
            try (HealerUnderTest healer = heal ? HealerUnderTest.start(kube,
                    E2eConfig.healer(name + "-healer").toBuilder().provider(bmcs.provider()).build(), List.of()) : null) {
                return cutAndWait(ns, a, b, before, limit, (heal ? "Selfheal " : "Kubernetes alone ") + name);
            }
        } finally {
            ns.delete();
            a.close();
            b.close();
            client.nodes().withName(a.name()).delete();
            client.nodes().withName(b.name()).delete();
        }
    }

    private static Map<String, Optional<Duration>> cutAndWait(Workloads ns, RealNode a, RealNode b, Set<String> before,
                                                              Duration limit, String label) {
        long cut = System.nanoTime();
        a.cutNetwork();
        Map<String, Optional<Duration>> out = new TreeMap<>();
        APPS.forEach(app -> out.put(app, Optional.empty()));
        long end = cut + limit.toNanos();
        while (System.nanoTime() < end && out.values().stream().anyMatch(Optional::isEmpty)) {
            for (String app : APPS) {
                if (out.get(app).isEmpty() && ns.runningElsewhere(app, a.name(), before)
                        .filter(p -> b.name().equals(p.getSpec().getNodeName())).isPresent()) {
                    out.put(app, Optional.of(Duration.ofNanos(System.nanoTime() - cut)));
                }
            }
            sleep(100);
        }
        System.out.printf(Locale.ROOT, "%s: node cut off -> web %s, db %s%n", label, seconds(out.get("web")),
                seconds(out.get("db")));
        return out;
    }

    private static String text(List<Optional<Duration>> ds, Duration limit) {
        List<Duration> done = ds.stream().flatMap(Optional::stream).sorted().toList();
        if (done.isEmpty()) {
            return "not within " + limit.toMinutes() + " min";
        }
        String median = seconds(Optional.of(done.get(done.size() / 2)));
        String missing = done.size() < ds.size()
                ? ", " + (ds.size() - done.size()) + " run(s) not within " + limit.toMinutes() + " min" : "";
        return ds.size() == 1 ? median : median + " (" + seconds(Optional.of(done.get(0))) + " to "
                + seconds(Optional.of(done.get(done.size() - 1))) + ")" + missing;
    }

    private static String seconds(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%.1f s", x.toMillis() / 1000.0)).orElse("-");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
