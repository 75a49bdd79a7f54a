package dev.selfheal.e2e;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node agent on one machine, under its own ServiceAccount with the shipped agent RBAC, supervising that
 * machine's kubelet: a real process (a small HTTP server standing in for the kubelet's {@code /healthz}) that
 * the bridge ties the Node's heartbeat to. Killing it is a dead kubelet on a live machine.
 */
final class KubeletAgent implements AutoCloseable {

    private final NodeAgent agent;
    private final int port = Ports.free();

    /**
     * @param restartMode {@code auto} (the agent restarts the kubelet itself) or {@code on-request} (the healer asks)
     */
    KubeletAgent(KubeTestbed kube, String namespace, String node, String restartMode) {
        AgentAccess.applyRbac(kube.client(), namespace, "selfheal-agent");
        Path dir = Workspace.newDir("agent-" + node);
        AgentConfig config = AgentConfig.parse("""
                node: %s
                namespace: %s
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kubelet
                    runtime: process
                    command: [python3, -m, http.server, '%d', --bind, 127.0.0.1]
                    probe: {type: http, url: '%s', timeout: 1s}
                    restart: {mode: %s, backoff: 200ms, maxBackoff: 2s}
                    failureThreshold: 1
                os: {enabled: false}
                """.formatted(node, namespace, port, healthz(), restartMode), dir, Map.of());
        this.agent = NodeAgent.builder(config).api(AgentAccess.api(kube, namespace, "selfheal-agent")).build();
        agent.start();
        Await.until("the kubelet of " + node + " healthy", Duration.ofSeconds(30), () -> agent.health("kubelet").orElseThrow().healthy());
        Await.until("the agent Lease of " + node, Duration.ofSeconds(30), () -> kube.client().leases().inNamespace(namespace)
                .withName(AgentLease.nameOf(node)).get() != null);
    }

    /** The kubelet's health endpoint. */
    URI healthz() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The kubelet's process group now. */
    long kubeletProcess() {
        return ((ProcessRuntime) agent.runtime("kubelet").orElseThrow()).processGroup();
    }

    /** Kills the kubelet (SIGKILL to its process group): a crash. */
    void killKubelet() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + kubeletProcess()).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
        }
    }

    NodeAgent agent() {
        return agent;
    }

    @Override
    public void close() {
        agent.close();
    }
}
