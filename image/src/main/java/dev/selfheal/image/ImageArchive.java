package dev.selfheal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OCI layout archive back: its index, manifest and config, and unpacks its layers into a root
 * filesystem (with the host's {@code tar}), for checks and for running its entrypoint in a chroot.
 */
public final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode index;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageArchive(Path dir) throws IOException {
        this.dir = dir;
        this.index = JSON.readTree(dir.resolve("index.json").toFile());
        this.manifest = JSON.readTree(blob(index.path("manifests").path(0).path("digest").asText()).toFile());
        this.config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
    }

    /** Extracts {@code archive} into {@code dir} (which must be empty or absent) and reads its documents. */
    public static ImageArchive open(Path archive, Path dir) {
        try {
            Files.createDirectories(dir);
            run("tar", "-xf", archive.toString(), "-C", dir.toString());
            return new ImageArchive(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image archive " + archive, e);
        }
    }

    /** index.json. */
    public JsonNode index() {
        return index;
    }

    /** The image manifest the index names. */
    public JsonNode manifest() {
        return manifest;
    }

    /** The image config the manifest names. */
    public JsonNode config() {
        return config;
    }

    /** Whether the archive has the oci-layout marker file. */
    public boolean hasLayoutMarker() {
        return Files.isRegularFile(dir.resolve("oci-layout"));
    }

    /** The manifest's digest as the index names it. */
    public String digest() {
        return index.path("manifests").path(0).path("digest").asText();
    }

    /** The path of a blob by digest ({@code sha256:...}). */
    public Path blob(String digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(digest.substring(digest.indexOf(':') + 1));
    }

    /** The layers' roles (the {@code dev.selfheal.image.layer} annotation), bottom first. */
    public List<String> layerRoles() {
        List<String> roles = new ArrayList<>();
        manifest.path("layers").forEach(l -> roles.add(l.path("annotations").path("dev.selfheal.image.layer").asText()));
        return roles;
    }

    /** Unpacks every layer, bottom first, into {@code root}; returns {@code root}. */
    public Path unpack(Path root) {
        try {
            Files.createDirectories(root);
            for (JsonNode l : manifest.path("layers")) {
                run("tar", "-xzf", blob(l.path("digest").asText()).toString(), "-C", root.toString());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the image into " + root, e);
        }
    }

    /**
     * Runs the image's entrypoint with {@code args} from an unpacked {@code root}, as its user would in a
     * container: {@code unshare} into new user, mount and PID namespaces with {@code root} as / and a fresh
     * /proc, without a container runtime. Returns the exit code and the combined output.
     */
    public Run runEntrypoint(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("unshare", "--map-root-user", "--fork", "--pid", "--mount",
                "--mount-proc=/proc", "--root=" + root.toAbsolutePath()));
        config.path("config").path("Entrypoint").forEach(a -> command.add(a.asText()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return new Run(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** A finished run of the entrypoint. */
    public record Run(int exitCode, String output) {
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
