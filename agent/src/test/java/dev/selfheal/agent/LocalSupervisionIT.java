package dev.selfheal.agent;

import static dev.selfheal.agent.AgentItSupport.killGroup;
import static dev.selfheal.agent.AgentItSupport.processGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.report.AgentReporter;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent with its API server unreachable (a kubeconfig pointing at a closed port): it starts at once and
 * keeps supervising from its local configuration; reporting fails, is retried, and never slows supervision.
 * Also measures a plain component restart and the agent's idle CPU (printed as {@code [agent-bench]}).
 */
class LocalSupervisionIT {

    @Test
    void withTheApiServerUnreachableTheAgentKeepsSupervisingFromLocalConfiguration() throws Exception {
        Path dir = Workspace.newDir("agent-local");
        int port = Ports.free();
        Files.writeString(dir.resolve("unreachable.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: 'https://127.0.0.1:%d', insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: not-a-secret}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(Ports.free()));
        AgentConfig cfg = AgentConfig.parse("""
                node: local-1
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kube-proxy
                    runtime: process
                    command: [python3, -m, http.server, '%d', --bind, 127.0.0.1]
                    probe: {type: http, url: 'http://127.0.0.1:%d/', timeout: 1s}
                    restart: {backoff: 200ms, maxBackoff: 1s, budget: 5, window: 1s}
                os: {interval: 5s, kernelLog: none}
                report: {kubeconfig: unreachable.kubeconfig, requestTimeout: 1s}
                """.formatted(port, port), dir, Map.of());
        long t0 = System.nanoTime();
        try (NodeAgent agent = NodeAgent.builder(cfg).build()) {
            agent.start();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("start() does not wait for the API server").isLessThan(5_000);
            Await.until("kube-proxy healthy", Duration.ofSeconds(30), () -> agent.health("kube-proxy").orElseThrow().healthy());

            List<Long> restarts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long before = processGroup(agent, "kube-proxy");
                long k = System.nanoTime();
                killGroup(before);
                Await.until("kube-proxy restarted", Duration.ofSeconds(30), Duration.ofMillis(20),
                        () -> processGroup(agent, "kube-proxy") != before && agent.health("kube-proxy").orElseThrow().healthy(), null);
                restarts.add((System.nanoTime() - k) / 1_000_000);
                Thread.sleep(1_500); // past the 1 s restart window: every kill meets a first, immediate restart
            }
            Collections.sort(restarts);
            System.out.println("[agent-bench] plain process (python http.server) killed -> healthy again, 5 runs, ms: " + restarts
                    + " median " + restarts.get(2));
            assertThat(restarts.get(2)).isLessThan(5_000);

            AgentReporter.Stats stats = agent.reportStats().orElseThrow();
            assertThat(stats.heartbeats()).isZero();
            assertThat(stats.failures()).isPositive();
            assertThat(stats.lastError()).contains("cannot");
            assertThat(stats.lastError()).doesNotContain("not-a-secret");
            System.out.println("[agent-bench] idle agent threads CPU: " + idleCpu(Duration.ofSeconds(10)) + " ms per 10 s");
        }
    }

    /** CPU time of the agent's own threads (named selfheal-agent-*) over a quiet period. */
    private static long idleCpu(Duration d) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = agentCpu(mx);
        Thread.sleep(d.toMillis());
        return (agentCpu(mx) - before) / 1_000_000;
    }

    private static long agentCpu(ThreadMXBean mx) {
        long total = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("selfheal-agent")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }
}
