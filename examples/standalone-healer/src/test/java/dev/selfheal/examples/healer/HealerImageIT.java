package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.image.ImageArchive;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The healer's image as the package phase wrote it (target/selfheal-healer-image.tar): an OCI layout with the
 * runtime, dependencies and application layers, non-root, labelled, and its entrypoint starts from the unpacked
 * root filesystem with nothing of the host but the kernel.
 */
class HealerImageIT {

    static final Path ARCHIVE = Path.of(System.getProperty("selfheal.target", "target"), "selfheal-healer-image.tar");

    @TempDir
    static Path dir;
    static ImageArchive image;

    @BeforeAll
    static void open() {
        image = ImageArchive.open(ARCHIVE, dir.resolve("layout"));
    }

    @Test
    void theLayoutNamesTheImageForCtrImportAndSplitsTheLayers() {
        assertThat(image.hasLayoutMarker()).isTrue();
        assertThat(image.index().path("manifests").path(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/selfheal-standalone-healer:0.1.0-SNAPSHOT");
        assertThat(image.layerRoles()).containsExactly("runtime", "dependencies", "application");
        assertThat(image.config().path("rootfs").path("diff_ids").size()).isEqualTo(3);
    }

    @Test
    void theHealerRunsAsNonRootWithTheShippedJvmFlagsAndCarriesOciLabels() {
        JsonNode c = image.config().path("config");
        assertThat(c.path("User").asText()).isEqualTo("65532");
        assertThat(c.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(c.path("Entrypoint").toString()).contains("-XX:MaxRAMPercentage=75")
                .contains("/opt/selfheal/selfheal-example-standalone-healer-0.1.0-SNAPSHOT.jar");
        JsonNode labels = c.path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(labels.path("org.opencontainers.image.source").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isNotBlank();
        assertThat(image.config().path("created").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void theEntrypointStartsFromTheUnpackedRootAndAnswersWithItsUsage() {
        Path root = image.unpack(dir.resolve("root"));
        assertThat(root.resolve("lib/x86_64-linux-gnu/libc.so.6")).isRegularFile();
        ImageArchive.Run run = image.runEntrypoint(root, "--help");
        assertThat(run.output()).contains("usage: standalone-healer").contains("--metrics-port");
    }
}
