package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesAnOciLayoutWhoseDigestsMatchAndWhoseLayerHoldsTheFiles(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/opt/app"));
        Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        assertThat(root.resolve("run.sh").toFile().setExecutable(true)).isTrue();
        Files.createSymbolicLink(root.resolve("start"), Path.of("run.sh"));
        Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");

        Path out = OciImage.named("selfheal.dev/testbed/app:2").directory(dir.resolve("root"))
                .jar(jar, "/app/app.jar").emptyDirectory("tmp", 01777).entrypoint("/opt/app/run.sh")
                .writeLayout(dir.resolve("app.oci.tar"));

        Path x = Files.createDirectories(dir.resolve("x"));
        run(x, "tar", "-xf", out.toString());
        assertThat(Files.readString(x.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
        JsonNode ref = JSON.readTree(x.resolve("index.json").toFile()).path("manifests").get(0);
        assertThat(ref.path("annotations").path("io.containerd.image.name").asText()).isEqualTo("selfheal.dev/testbed/app:2");
        JsonNode manifest = JSON.readTree(blob(x, ref.path("digest").asText()));
        byte[] config = blob(x, manifest.path("config").path("digest").asText());
        byte[] layer = blob(x, manifest.path("layers").get(0).path("digest").asText());
        assertThat(manifest.path("layers").get(0).path("size").asInt()).isEqualTo(layer.length);
        byte[] unzipped = gunzip(layer);
        JsonNode cfg = JSON.readTree(config);
        assertThat(cfg.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo("sha256:" + OciImage.sha256(unzipped));
        assertThat(cfg.path("config").path("Entrypoint").get(0).asText()).isEqualTo("/opt/app/run.sh");

        Path layerTar = Files.write(dir.resolve("layer.tar"), unzipped);
        assertThat(run(dir, "tar", "-tvf", layerTar.toString()))
                .containsPattern("-rwxr-xr-x root/root .* opt/app/run.sh")
                .containsPattern("lrwxrwxrwx root/root .* opt/app/start -> run.sh")
                .containsPattern("-rw-r--r-- root/root .* app/app.jar")
                .containsPattern("drwxrwxrwt root/root .* tmp/");
    }

    @Test
    void rejectsBadInputNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> OciImage.named("busybox")).hasMessageContaining("image name 'busybox'")
                .hasMessageContaining("registry host and a tag");
        assertThatThrownBy(() -> OciImage.named("selfheal.dev/x:1").file(dir.resolve("missing"), "bin/x", true))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> OciImage.named("selfheal.dev/x:1").symlink("../etc", "x"))
                .hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> OciImage.named("selfheal.dev/x:1").env("PATH")).hasMessageContaining("NAME=value");
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        assertThat(digest).startsWith("sha256:");
        byte[] b = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
        assertThat(OciImage.sha256(b)).as("blob content matches its digest").isEqualTo(digest.substring(7));
        return b;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
