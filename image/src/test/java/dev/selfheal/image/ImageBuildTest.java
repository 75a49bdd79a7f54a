package dev.selfheal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a real image (jlink of java.base, the host's glibc, two jars) twice and reads it back. */
class ImageBuildTest {

    @TempDir
    static Path dir;
    static ImageArchive first;
    static String firstDigest;
    static String secondDigest;
    static byte[] firstBytes;
    static byte[] secondBytes;

    @BeforeAll
    static void buildTwice() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        jar(lib.resolve("selfheal-spi-1.jar"));
        jar(lib.resolve("third-party-1.jar"));
        Path app = jar(dir.resolve("app.jar"));
        firstDigest = ImageBuild.build(options(app, lib, dir.resolve("one.tar")));
        secondDigest = ImageBuild.build(options(app, lib, dir.resolve("two.tar")));
        firstBytes = Files.readAllBytes(dir.resolve("one.tar"));
        secondBytes = Files.readAllBytes(dir.resolve("two.tar"));
        first = ImageArchive.open(dir.resolve("one.tar"), dir.resolve("one"));
    }

    @Test
    void twoBuildsOfTheSameInputGiveTheSameDigestAndBytes() {
        assertThat(secondDigest).isEqualTo(firstDigest).startsWith("sha256:");
        assertThat(secondBytes).isEqualTo(firstBytes);
        assertThat(first.digest()).isEqualTo(firstDigest);
    }

    @Test
    void theLayoutNamesTheImageAndHasThreeLayers() {
        assertThat(first.hasLayoutMarker()).isTrue();
        assertThat(first.index().path("manifests").path(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/app:1");
        assertThat(first.layerRoles()).containsExactly("runtime", "dependencies", "application");
        assertThat(first.config().path("rootfs").path("diff_ids").size()).isEqualTo(3);
        assertThat(first.config().path("created").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void theConfigCarriesUserEntrypointAndLabels() {
        var c = first.config().path("config");
        assertThat(c.path("User").asText()).isEqualTo("65532");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/opt/java/bin/java\",\"-Xss256k\",\"-jar\",\"/opt/selfheal/app.jar\"]");
        assertThat(c.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo("1");
    }

    @Test
    void theJarsAreSplitIntoDependencyAndApplicationLayersOnTopOfRuntimeAndGlibc() throws IOException {
        Path root = first.unpack(dir.resolve("root"));
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("opt/java/lib/server/libjvm.so")).isRegularFile();
        assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).exists();
        assertThat(root.resolve("opt/selfheal/lib/third-party-1.jar")).isRegularFile();
        assertThat(root.resolve("opt/selfheal/lib/selfheal-spi-1.jar")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("nonroot:x:65532:65532");
        assertThat(root.resolve("opt/java/jmods")).doesNotExist();
        assertThat(root.resolve("opt/java/include")).doesNotExist();
    }

    private static BuildOptions options(Path app, Path lib, Path out) {
        return BuildOptions.parse("--name=docker.io/library/app:1", "--output=" + out, "--jar=" + app, "--lib=" + lib,
                "--modules=java.base", "--user=65532", "--java-option=-Xss256k", "--created=2026-01-01T00:00:00Z",
                "--label=org.opencontainers.image.version=1", "--work=" + out + ".work");
    }

    private static Path jar(Path path) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(os, m)) {
            jar.setComment(path.getFileName().toString());
        }
        return path;
    }
}
