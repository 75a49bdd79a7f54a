package dev.selfheal.e2e;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.testbed.node.MachineServices;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node agent of a real node as its machine's service manager starts it at boot: from a configuration file on
 * the node's disk alone (containerd and kubelet as processes, probed through CRI and kubelet's /healthz), started
 * first on every boot, and gone with the power (it runs in the test's JVM, so a power-off hook stops it).
 */
final class RealNodeAgent implements AutoCloseable {

    private final RealNode node;
    private final Path configFile;
    private volatile NodeAgent agent;

    private RealNodeAgent(RealNode node, Path configFile) {
        this.node = node;
        this.configFile = configFile;
    }

    /** Writes the agent's configuration for {@code node} to the node's disk; the agent stops whenever the machine goes off. */
    static RealNodeAgent install(RealNode node) {
        Path dir = Workspace.newDir("agent-" + node.name());
        MachineServices services = MachineServices.of(node);
        String yaml = """
                node: %s
                stateDir: state
                superviseInterval: 500ms
                components:
                  - component: container-runtime
                    runtime: process
                    command: %s
                    probe: {type: exec, command: %s, timeout: 5s}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                  - component: kubelet
                    runtime: process
                    command: %s
                    probe: {type: http, url: '%s', timeout: 2s}
                    restart: {backoff: 500ms, maxBackoff: 5s, budget: 5, window: 60s}
                os: {enabled: false}
                report: {enabled: false}
                """.formatted(node.name(), flow(services.containerd()), flow(services.containerdProbe()),
                flow(services.kubelet()), node.kubeletHealthz());
        try {
            Path file = Files.writeString(dir.resolve("agent.yaml"), yaml);
            RealNodeAgent a = new RealNodeAgent(node, file);
            node.onPowerOff(a::stop);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A boot of the machine: the machine, then the agent, which starts containerd and kubelet. */
    void boot() {
        node.powerOnMachine();
        start();
    }

    /** Starts the agent from its configuration file. */
    synchronized void start() {
        try {
            AgentConfig config = AgentConfig.parse(Files.readString(configFile), configFile.getParent(), Map.of());
            NodeAgent a = NodeAgent.builder(config).build();
            a.start();
            agent = a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the agent reports containerd and kubelet healthy. */
    void awaitHealthy(Duration timeout) {
        Await.until("containerd and kubelet of " + node.name() + " healthy under the agent", timeout, Duration.ofMillis(200),
                () -> healthy("container-runtime") && healthy("kubelet"), null);
    }

    /** Whether the agent runs and reports the component healthy. */
    boolean healthy(String component) {
        NodeAgent a = agent;
        return a != null && a.health(component).map(h -> h.healthy()).orElse(false);
    }

    private synchronized void stop() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    private static String flow(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        stop();
    }
}
