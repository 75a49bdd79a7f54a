package dev.selfheal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent owns the processes it starts: close() ends them, with no JVM-wide hook or registry involved. */
class NodeAgentCloseTest {

    @Test
    void closeEndsTheProcessesTheAgentStartedAndTheirChildren() throws Exception {
        Path dir = Workspace.newDir("agent-close");
        Path childPid = dir.resolve("child.pid");
        AgentConfig cfg = AgentConfig.parse("""
                node: close-1
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kube-proxy
                    runtime: process
                    command: [sh, -c, 'sleep 300 & echo $! > %s; wait']
                    probe: {type: exec, command: ['true']}
                os: {enabled: false}
                report: {enabled: false}
                """.formatted(childPid), dir, Map.of());
        long group;
        try (NodeAgent agent = NodeAgent.builder(cfg).processStopGrace(Duration.ofSeconds(2)).build()) {
            agent.start();
            Await.until("kube-proxy started", Duration.ofSeconds(20), () -> !read(childPid).isBlank());
            group = ((ProcessRuntime) agent.runtime("kube-proxy").orElseThrow()).processGroup();
            assertThat(ProcessHandle.of(group)).as("the watchdog leading the group runs").isPresent();
        }
        long child = Long.parseLong(read(childPid).strip());
        Await.until("the group and its child gone", Duration.ofSeconds(10),
                () -> ProcessHandle.of(group).map(p -> !p.isAlive()).orElse(true)
                        && ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("child of the component").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
