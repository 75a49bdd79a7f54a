package dev.selfheal.agent;

import dev.selfheal.protocol.AgentLease;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's CPU and memory while idle, in a JVM of its own: a real control plane (testbed), a kwok node, the
 * agent under its ServiceAccount supervising one process (a {@code python3 -m http.server} stand-in probed over
 * HTTP every second), OS checks every 10 s including {@code /dev/kmsg}, heartbeat every 2 s. After a warm-up, the
 * agent JVM's CPU time and RSS are read from {@code /proc}. Not a test; run (from the repository root):
 * <pre>
 * ./mvnw -B -q -o -pl agent -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp \
 *   -DincludeScope=test
 * ./mvnw -B -q -o -pl examples/node-agent -am compile dependency:build-classpath -Dmdep.outputFile=target/runtime.cp \
 *   -DincludeScope=runtime
 * MALLOC_ARENA_MAX=1 java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/test.cp) \
 *   -Dselfheal.agent.classpath=agent/target/test-classes:$(cat examples/node-agent/target/runtime.cp) \
 *   dev.selfheal.agent.AgentIdleBench 30 300 "FLAGS"
 * </pre>
 * {@code selfheal.agent.classpath} (optional) is the agent JVM's class path: the example program's runtime class
 * path as it ships, plus this class; without it the agent JVM gets the bench's whole test class path. With
 * {@code -XX:NativeMemoryTracking=summary} among the flags, the JVM's own account of its memory is printed at the
 * end ({@code jcmd VM.native_memory}).
 * With {@code -Dselfheal.bench.status=true} the agent also serves its status endpoint ({@code status.port} on
 * 127.0.0.1) and the bench scrapes its {@code /metrics} every 15 s, as a Prometheus would.
 * Arguments: warm-up and measured seconds, then optionally the agent JVM's flags as one argument (default:
 * {@code -XX:+UseSerialGC -Xmx64m -XX:MaxMetaspaceSize=64m -Xss512k}; the shipped unit's are in
 * {@code examples/node-agent/deploy/selfheal-node-agent.service}, whose environment also sets
 * {@code MALLOC_ARENA_MAX=1}: the agent JVM inherits the bench's environment).
 */
public final class AgentIdleBench {

    private static final boolean STATUS = Boolean.getBoolean("selfheal.bench.status");
    private static final String UNIT_FLAGS = "-XX:+UseSerialGC -Xmx64m -XX:MaxMetaspaceSize=64m -Xss512k";

    private AgentIdleBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("agent")) {
            runAgent(Path.of(args[1]));
            return;
        }
        long warmup = args.length > 0 ? Long.parseLong(args[0]) : 30;
        long measured = args.length > 1 ? Long.parseLong(args[1]) : 300;
        List<String> jvm = List.of((args.length > 2 ? args[2] : UNIT_FLAGS).trim().split("\\s+"));
        try (KubeTestbed kube = KubeTestbed.start()) {
            String ns = AgentLease.DEFAULT_NAMESPACE;
            AgentItSupport.namespace(kube.client(), ns);
            AgentItSupport.applyRbac(kube.client(), ns, "selfheal-agent");
            kube.nodes().addReady(NodeTemplate.named("bench-1"), Duration.ofSeconds(60));
            Path dir = Workspace.newDir("agent-idle");
            Path config = writeConfig(kube, ns, dir);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvm);
            String classPath = System.getProperty("selfheal.agent.classpath", System.getProperty("java.class.path"));
            cmd.addAll(List.of("-cp", classPath, AgentIdleBench.class.getName(), "agent", config.toString()));
            Process agent = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            try {
                scrapeFor(dir, warmup);
                long[] a = sample(agent.pid());
                scrapeFor(dir, measured);
                long[] b = sample(agent.pid());
                double cpuSeconds = (b[0] - a[0]) / 100.0;
                var lease = kube.client().leases().inNamespace(ns).withName(AgentLease.nameOf("bench-1")).get();
                System.out.printf("[agent-bench] flags %s, status endpoint %s%n", jvm, STATUS ? "on, scraped every 15 s" : "off");
                System.out.printf("[agent-bench] idle agent JVM over %d s: CPU %.2f s (%.2f%% of one core), RSS %d MiB at start of"
                                + " window, %d MiB at end; last Lease renewal %s%n", measured, cpuSeconds,
                        100.0 * cpuSeconds / measured, a[1] / 1024, b[1] / 1024, lease.getSpec().getRenewTime());
                System.out.printf("[agent-bench] at the end: %s%n", memoryLines(agent.pid()));
                if (jvm.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))) {
                    System.out.println(nativeMemory(agent.pid()));
                }
            } finally {
                agent.destroy();
                agent.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    private static Path writeConfig(KubeTestbed kube, String ns, Path dir) throws IOException {
        AgentItSupport.tokenKubeconfig(kube, ns, "selfheal-agent", dir.resolve("agent.kubeconfig"));
        int port = Ports.free();
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                node: bench-1
                namespace: %s
                stateDir: state
                components:
                  - component: kube-proxy
                    runtime: process
                    command: [python3, -m, http.server, '%d', --bind, 127.0.0.1]
                    probe: {type: http, url: 'http://127.0.0.1:%d/'}
                os: {kernelLog: /dev/kmsg, clock: {reference: '%s/healthz', caFile: '%s'}}
                report: {kubeconfig: agent.kubeconfig}
                """.formatted(ns, port, port, kube.apiServerUrl(), kube.certificateAuthority().caPem()));
        if (STATUS) {
            int statusPort = Ports.free();
            Files.writeString(config, "status: {port: " + statusPort + ", address: 127.0.0.1}\n", StandardOpenOption.APPEND);
            Files.writeString(dir.resolve("status.port"), Integer.toString(statusPort));
        }
        return config;
    }

    /** Waits, scraping the agent's /metrics every 15 s when its status endpoint is on. */
    private static void scrapeFor(Path dir, long seconds) throws IOException, InterruptedException {
        if (!STATUS) {
            TimeUnit.SECONDS.sleep(seconds);
            return;
        }
        URI metrics = URI.create("http://127.0.0.1:" + Files.readString(dir.resolve("status.port")).strip() + "/metrics");
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    System.out.println("[agent-bench] /metrics answered " + r.statusCode());
                }
            } catch (IOException e) {
                System.out.println("[agent-bench] /metrics: " + e);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.SECONDS.toNanos(15), Math.max(0, end - System.nanoTime())));
        }
    }

    /** CPU ticks (utime + stime) and VmRSS in KiB of a process. */
    private static long[] sample(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
        return new long[] {ticks, rss};
    }

    /** RssAnon, RssFile, RssShmem and the thread count of a process. */
    private static String memoryLines(long pid) throws IOException {
        return String.join(", ", Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Rss") || l.startsWith("Threads:")).map(l -> l.replaceAll("\\s+", " ")).toList());
    }

    /** The JVM's native memory summary, through jcmd. */
    private static String nativeMemory(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static void runAgent(Path config) throws InterruptedException {
        NodeAgent agent = NodeAgent.builder(AgentConfig.load(config)).build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stop.countDown();
        }));
        agent.start();
        stop.await();
    }
}
