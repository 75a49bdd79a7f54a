package dev.selfheal.testbed.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A container image built without a registry or daemon: a one-layer root filesystem packed as an OCI image
 * layout archive (oci-layout, index.json, manifest, config and a gzip layer) named by the
 * {@code io.containerd.image.name} annotation, so {@code ctr images import} takes it in as that name.
 *
 * <pre>{@code
 * OciImage.named("selfheal.dev/testbed/app:1")
 *         .directory(Path.of("target/app-root"))
 *         .jar(Path.of("target/app.jar"), "/app/app.jar")
 *         .entrypoint("/bin/sh", "-c", "exec java -jar /app/app.jar")
 *         .writeLayout(Path.of("target/app.oci.tar"));
 * }</pre>
 */
public final class OciImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private List<String> env = List.of("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");

    private OciImage(String name) {
        this.name = name;
    }

    /**
     * A new, empty image.
     *
     * @param name a fully qualified reference with a registry host and a tag, such as {@code selfheal.dev/testbed/busybox:1}
     */
    public static OciImage named(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9.-]+\\.[a-z]+(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("image name '" + name
                    + "' must be fully qualified with a registry host and a tag, such as selfheal.dev/testbed/busybox:1");
        }
        return new OciImage(name);
    }

    /** The image reference. */
    public String name() {
        return name;
    }

    /** Adds a host file at {@code pathInImage} (parents created), executable when {@code executable}. */
    public OciImage file(Path source, String pathInImage, boolean executable) {
        requireFile(source);
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('0', source, null, executable ? 0755 : 0644));
        return this;
    }

    /** Adds an empty folder at {@code pathInImage} with the given mode, such as {@code 01777} for /tmp. */
    public OciImage emptyDirectory(String pathInImage, int mode) {
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('5', null, null, mode));
        return this;
    }

    /** Adds a symbolic link at {@code pathInImage} pointing to {@code target}. */
    public OciImage symlink(String pathInImage, String target) {
        addParents(pathInImage);
        entries.put(clean(pathInImage), new Entry('2', null, target, 0777));
        return this;
    }

    /** Adds a whole host directory as the image's root (files keep their executable bit; symlinks stay links). */
    public OciImage directory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("directory " + root + " does not exist");
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    symlink(rel, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    addParents(rel + "/x");
                } else {
                    file(p, rel, Files.isExecutable(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return this;
    }

    /** Adds a jar at {@code pathInImage}, for a Java workload (the image needs a JVM from another source). */
    public OciImage jar(Path jar, String pathInImage) {
        if (!jar.getFileName().toString().endsWith(".jar")) {
            throw new IllegalArgumentException("jar " + jar + " must be a .jar file");
        }
        return file(jar, pathInImage, false);
    }

    /** The entrypoint. */
    public OciImage entrypoint(String... command) {
        this.entrypoint = List.of(command);
        return this;
    }

    /** The default arguments. */
    public OciImage cmd(String... args) {
        this.cmd = List.of(args);
        return this;
    }

    /** The environment, as {@code NAME=value} entries (replaces the default PATH). */
    public OciImage env(String... entries) {
        for (String e : entries) {
            if (!e.contains("=")) {
                throw new IllegalArgumentException("env entry '" + e + "' must be NAME=value");
            }
        }
        this.env = List.of(entries);
        return this;
    }

    /** Writes the OCI image layout as one tar archive, as {@code ctr images import} reads it; returns {@code out}. */
    public Path writeLayout(Path out) {
        try {
            byte[] layer = layerTar();
            byte[] gz = gzip(layer);
            byte[] config = JSON.writeValueAsBytes(config(layer));
            byte[] manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                    "mediaType", "application/vnd.oci.image.manifest.v1+json",
                    "config", descriptor("application/vnd.oci.image.config.v1+json", config),
                    "layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", gz))));
            Map<String, Object> ref = new LinkedHashMap<>(descriptor("application/vnd.oci.image.manifest.v1+json", manifest));
            ref.put("annotations", Map.of("io.containerd.image.name", name,
                    "org.opencontainers.image.ref.name", name.substring(name.lastIndexOf(':') + 1)));
            byte[] index = JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(ref)));
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (OutputStream os = Files.newOutputStream(out); TarWriter tar = new TarWriter(os)) {
                tar.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
                tar.file("index.json", 0644, index);
                tar.directory("blobs", 0755);
                tar.directory("blobs/sha256", 0755);
                for (byte[] blob : List.of(gz, config, manifest)) {
                    tar.file("blobs/sha256/" + sha256(blob), 0644, blob);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image layout " + out, e);
        }
    }

    private Map<String, Object> config(byte[] layer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Env", env);
        if (!entrypoint.isEmpty()) {
            c.put("Entrypoint", entrypoint);
        }
        if (!cmd.isEmpty()) {
            c.put("Cmd", cmd);
        }
        return Map.of("architecture", "amd64", "os", "linux", "config", c,
                "rootfs", Map.of("type", "layers", "diff_ids", List.of("sha256:" + sha256(layer))));
    }

    private byte[] layerTar() throws IOException {
        TarWriter.InMemory mem = new TarWriter.InMemory();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            switch (v.type) {
                case '5' -> mem.tar().directory(e.getKey(), v.mode);
                case '2' -> mem.tar().symlink(e.getKey(), v.link);
                default -> mem.tar().file(e.getKey(), v.mode, Files.readAllBytes(v.source));
            }
        }
        return mem.finish();
    }

    private void addParents(String pathInImage) {
        String p = clean(pathInImage);
        List<String> parents = new ArrayList<>();
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
            parents.add(p.substring(0, i));
        }
        parents.forEach(d -> entries.putIfAbsent(d, new Entry('5', null, null, 0755)));
    }

    private static String clean(String pathInImage) {
        String p = pathInImage.replaceAll("^/+", "").replaceAll("/+$", "");
        if (p.isEmpty() || p.contains("..")) {
            throw new IllegalArgumentException("path in image '" + pathInImage + "' must be a path below / without '..'");
        }
        return p;
    }

    private static void requireFile(Path source) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("file " + source + " does not exist or is not a regular file");
        }
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", "sha256:" + sha256(blob));
        d.put("size", blob.length);
        return d;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        }
        return b.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(char type, Path source, String link, int mode) {
    }
}
