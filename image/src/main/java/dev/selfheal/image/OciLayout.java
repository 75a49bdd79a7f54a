package dev.selfheal.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an image as one OCI image layout archive (oci-layout, index.json, blobs) as {@code ctr images import}
 * and {@code skopeo copy oci-archive:} read it: one gzip blob per {@link Layer}, the config, the manifest, and
 * the index naming the image by the {@code io.containerd.image.name} annotation. No daemon, no registry.
 */
public final class OciLayout {

    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private OciLayout() {
    }

    /**
     * Packs {@code layers} (in order, the first at the bottom) under {@code config} into {@code out}.
     *
     * @return the manifest digest, {@code sha256:...}
     */
    public static String write(ImageConfig config, List<Layer> layers, Path out) {
        Path work = out.toAbsolutePath().resolveSibling(out.getFileName() + ".blobs");
        try {
            Files.createDirectories(work);
            List<Blob> gzLayers = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Blob raw = packLayer(layers.get(i), work.resolve("layer-" + i + ".tar.gz"));
                gzLayers.add(raw);
                diffIds.add(raw.diffId);
            }
            byte[] configJson = JSON.writeValueAsBytes(configDocument(config, diffIds));
            byte[] manifest = JSON.writeValueAsBytes(manifest(configJson, gzLayers, layers));
            Map<String, Object> ref = descriptor(MANIFEST_TYPE, "sha256:" + sha256(manifest), manifest.length);
            ref.put("annotations", Map.of("io.containerd.image.name", config.name(),
                    "org.opencontainers.image.ref.name", config.tag()));
            byte[] index = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                    "mediaType", "application/vnd.oci.image.index.v1+json", "manifests", List.of(ref)));
            writeArchive(out, index, configJson, manifest, gzLayers);
            return "sha256:" + sha256(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image layout " + out, e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static Map<String, Object> manifest(byte[] configJson, List<Blob> gzLayers, List<Layer> layers) {
        List<Object> descriptors = new ArrayList<>();
        for (int i = 0; i < gzLayers.size(); i++) {
            Map<String, Object> d = descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
                    gzLayers.get(i).digest, gzLayers.get(i).size);
            d.put("annotations", Map.of("dev.selfheal.image.layer", layers.get(i).role()));
            descriptors.add(d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", MANIFEST_TYPE);
        m.put("config", descriptor("application/vnd.oci.image.config.v1+json", "sha256:" + sha256(configJson), configJson.length));
        m.put("layers", descriptors);
        return m;
    }

    private static Map<String, Object> configDocument(ImageConfig config, List<String> diffIds) {
        Map<String, Object> c = new TreeMap<>();
        c.put("Entrypoint", config.entrypoint());
        c.put("Env", config.env());
        c.put("User", config.user());
        c.put("WorkingDir", config.workingDir());
        c.put("Labels", config.labels());
        Map<String, Object> doc = new TreeMap<>();
        doc.put("architecture", "amd64");
        doc.put("os", "linux");
        doc.put("created", config.created());
        doc.put("config", c);
        doc.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        return doc;
    }

    private static Blob packLayer(Layer layer, Path gzFile) throws IOException {
        MessageDigest raw = digest();
        MessageDigest compressed = digest();
        try (DigestOutputStream file = new DigestOutputStream(Files.newOutputStream(gzFile), compressed);
             GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16);
             TarWriter tar = new TarWriter(new DigestOutputStream(gz, raw))) {
            layer.writeTo(tar);
        }
        return new Blob(gzFile, "sha256:" + hex(compressed), Files.size(gzFile), "sha256:" + hex(raw));
    }

    private static void writeArchive(Path out, byte[] index, byte[] configJson, byte[] manifest, List<Blob> layers)
            throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(out); TarWriter tar = new TarWriter(os)) {
            tar.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII));
            tar.file("index.json", 0644, index);
            tar.directory("blobs", 0755);
            tar.directory("blobs/sha256", 0755);
            Map<String, Object> blobs = new TreeMap<>();
            blobs.put(sha256(configJson), configJson);
            blobs.put(sha256(manifest), manifest);
            layers.forEach(l -> blobs.put(l.digest.substring("sha256:".length()), l));
            for (Map.Entry<String, Object> b : blobs.entrySet()) {
                if (b.getValue() instanceof byte[] bytes) {
                    tar.file("blobs/sha256/" + b.getKey(), 0644, bytes);
                } else {
                    Blob l = (Blob) b.getValue();
                    try (InputStream in = Files.newInputStream(l.file)) {
                        tar.file("blobs/sha256/" + b.getKey(), 0644, l.size, in);
                    }
                }
            }
        }
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a left-over temporary folder in target/ does no harm
        }
    }

    private record Blob(Path file, String digest, long size, String diffId) {
    }
}
