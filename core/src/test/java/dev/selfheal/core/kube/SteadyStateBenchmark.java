package dev.selfheal.core.kube;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The healer against the testbed with many kwok nodes: API requests per minute by verb in steady state, heap,
 * and the detection latency of nodes that stop heartbeating. A plain main, not a test:
 *
 * <pre>
 * ./mvnw -B -q -pl core test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   "-Dexec.args=-Xmx1g -cp %classpath dev.selfheal.core.kube.SteadyStateBenchmark nodes=1000 seconds=60 silenced=20"
 * </pre>
 */
public final class SteadyStateBenchmark {

    private SteadyStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>(Map.of("nodes", "1000", "seconds", "60", "silenced", "20"));
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv[1]);
        }
        int nodes = Integer.parseInt(opts.get("nodes"));
        int seconds = Integer.parseInt(opts.get("seconds"));
        int silenced = Integer.parseInt(opts.get("silenced"));
        Duration threshold = Duration.ofSeconds(20);
        try (KubeTestbed kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(8)).start()) {
            String ns = HealerAccess.namespaceWithRbac(kube, "bench");
            long t0 = System.nanoTime();
            for (int i = 0; i < nodes; i++) {
                kube.nodes().add(NodeTemplate.named("bench-" + i));
            }
            Await.until(nodes + " nodes Ready", Duration.ofMinutes(10), Duration.ofSeconds(2), () ->
                    kube.client().nodes().list().getItems().stream().filter(n -> n.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count() >= nodes, null);
            System.out.printf("registered %d Ready kwok nodes in %d s%n", nodes, (System.nanoTime() - t0) / 1_000_000_000L);
            RequestCounter counter = new RequestCounter();
            Map<String, Instant> diagnosed = new ConcurrentHashMap<>();
            SelfhealConfig cfg = SelfhealConfig.builder().namespace(ns).identity("bench")
                    .checks(CheckSettings.defaults().withNodeThreshold(threshold))
                    .gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 1, 3, Duration.ofHours(1), Duration.ZERO,
                            "selfheal.dev/exclude"))
                    .dryRun(true).build();
            try (KubernetesClient client = HealerAccess.countingHealer(kube, ns, counter);
                 Selfheal healer = Selfheal.builder().client(client).config(cfg).listener(new SelfhealListener() {
                     @Override
                     public void onDiagnosed(Diagnosis d) {
                         diagnosed.putIfAbsent(d.node(), Instant.now());
                     }
                 }).build()) {
                long s0 = System.nanoTime();
                healer.start();
                System.out.printf("healer started (watches synced) in %d ms%n", (System.nanoTime() - s0) / 1_000_000);
                Await.until("leadership", Duration.ofSeconds(30), healer::isLeader);
                counter.reset();
                Thread.sleep(seconds * 1000L);
                Map<String, Long> byVerb = counter.requests().stream()
                        .collect(Collectors.groupingBy(RequestCounter.Request::verb, TreeMap::new, Collectors.counting()));
                System.out.printf("steady state over %d s: requests by verb %s; per minute %s%n", seconds, byVerb,
                        byVerb.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                                e -> Math.round(e.getValue() * 60.0 / seconds), (a, b) -> a, TreeMap::new)));
                System.gc();
                System.gc();
                System.out.printf("JVM heap used after GC (healer + testbed clients): %.1f MiB%n",
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < silenced; i++) {
                    String n = "bench-" + i;
                    kube.nodes().stopHeartbeat(n);
                    Thread.sleep(500);
                }
                Await.until(silenced + " diagnoses", Duration.ofMinutes(2), () -> diagnosed.keySet().stream()
                        .filter(k -> Integer.parseInt(k.substring(6)) < silenced).count() >= silenced);
                for (int i = 0; i < silenced; i++) {
                    String n = "bench-" + i;
                    Instant renewed = kube.client().leases().inNamespace("kube-node-lease").withName(n).get()
                            .getSpec().getRenewTime().toInstant();
                    latencies.add(Duration.between(renewed.plus(threshold), diagnosed.get(n)).toMillis());
                }
                Collections.sort(latencies);
                System.out.printf("detection latency after the %d s threshold over %d nodes: p50 %d ms, p99 %d ms, max %d ms%n",
                        threshold.toSeconds(), silenced, latencies.get(latencies.size() / 2),
                        latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), latencies.get(latencies.size() - 1));
            }
        }
    }
}
