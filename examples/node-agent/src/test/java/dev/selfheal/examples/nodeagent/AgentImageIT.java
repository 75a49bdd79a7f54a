package dev.selfheal.examples.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.image.ImageArchive;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent's image as the package phase wrote it (target/selfheal-agent-image.tar): root (it drives the
 * host's systemd), the agent's small-heap JVM flags, a runtime with {@code jdk.httpserver} (the opt-in status
 * endpoint), and its entrypoint prints the agent's RBAC from the
 * unpacked root filesystem.
 */
class AgentImageIT {

    @TempDir
    Path dir;

    @Test
    void theAgentImageRunsAsRootWithItsJvmFlagsAndStarts() {
        ImageArchive image = ImageArchive.open(Path.of(System.getProperty("selfheal.target", "target"), "selfheal-agent-image.tar"),
                dir.resolve("layout"));
        assertThat(image.index().path("manifests").path(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/selfheal-node-agent:0.1.0-SNAPSHOT");
        assertThat(image.layerRoles()).containsExactly("runtime", "dependencies", "application");
        JsonNode c = image.config().path("config");
        assertThat(c.path("User").asText()).isEqualTo("0");
        assertThat(c.path("Entrypoint").toString()).contains("-Xmx24m").contains("-XX:+UseSerialGC");
        assertThat(c.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo("0.1.0-SNAPSHOT");

        Path root = image.unpack(dir.resolve("root"));
        assertThat(root.resolve("opt/java/release")).as("the runtime's modules include the status endpoint's HTTP server")
                .content().containsPattern("MODULES=\".*\\bjdk\\.httpserver\\b.*\"");
        ImageArchive.Run run = image.runEntrypoint(root, "rbac");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("kind: ClusterRole");
    }
}
