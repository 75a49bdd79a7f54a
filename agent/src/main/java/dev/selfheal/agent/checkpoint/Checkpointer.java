package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.JsonReader;
import dev.selfheal.agent.internal.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local checkpoints of component manifests, bootkube-checkpointer style, under
 * {@code <dir>/manifests/<component>/<time>-<sha>.ckpt}: each a small JSON envelope holding the manifest, where
 * it came from, when, and its SHA-256. Written atomically ({@link AtomicFiles}); read back only when the
 * checksum matches: a corrupt checkpoint is renamed {@code .corrupt}, logged, and never used. The newest
 * {@code keep} checkpoints per component are kept.
 */
public final class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SUFFIX = ".ckpt";

    private final Path dir;
    private final int keep;
    private final Clock clock;

    /**
     * @param dir the checkpoint directory
     * @param keep checkpoints kept per component
     * @param clock the time of new checkpoints
     */
    public Checkpointer(Path dir, int keep, Clock clock) {
        this.dir = dir.resolve("manifests");
        this.keep = keep;
        this.clock = clock;
    }

    /**
     * Checkpoints a manifest unless the newest checkpoint holds the same content.
     *
     * @return the newest checkpoint, new or existing
     */
    public synchronized Checkpoint save(String component, Path source, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = AtomicFiles.sha256(bytes);
        Optional<Checkpoint> latest = latest(component);
        if (latest.isPresent() && latest.get().sha256().equals(sha)) {
            return latest.get();
        }
        Instant now = clock.instant();
        Path file = dir.resolve(component).resolve(NAME_TIME.format(now) + "-" + sha.substring(0, 12) + SUFFIX);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("format", 1);
        env.put("component", component);
        env.put("source", source.toString());
        env.put("takenAt", now.toString());
        env.put("sha256", sha);
        env.put("content", content);
        try {
            AtomicFiles.write(file, JsonWriter.write(env).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
        LOG.info("checkpointed {} from {} (sha256 {})", component, source, sha.substring(0, 12));
        prune(component);
        return read(file).orElseThrow(() -> new IllegalStateException("checkpoint " + file + " unreadable right after writing"));
    }

    /** The newest checkpoint of a component whose checksum holds. */
    public synchronized Optional<Checkpoint> latest(String component) {
        for (Path f : files(component)) {
            Optional<Checkpoint> c = read(f);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** Every valid checkpoint of a component, newest first. */
    public synchronized List<Checkpoint> all(String component) {
        List<Checkpoint> out = new ArrayList<>();
        files(component).forEach(f -> read(f).ifPresent(out::add));
        return out;
    }

    /** The directory of a component's checkpoints. */
    public Path directory(String component) {
        return dir.resolve(component);
    }

    /** Reads and verifies one checkpoint file; a corrupt one is renamed {@code .corrupt} and skipped. */
    Optional<Checkpoint> read(Path f) {
        try {
            Object n = JsonReader.parse(Files.readString(f, StandardCharsets.UTF_8));
            String content = Json.text(n, null, "content");
            String sha = Json.text(n, "", "sha256");
            if (content == null || !AtomicFiles.sha256(content.getBytes(StandardCharsets.UTF_8)).equals(sha)) {
                return corrupt(f, "checksum mismatch");
            }
            return Optional.of(new Checkpoint(Json.text(n, "", "component"), Path.of(Json.text(n, "", "source")),
                    Instant.parse(Json.text(n, "", "takenAt")), sha, content, f));
        } catch (IOException | RuntimeException e) {
            return corrupt(f, e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private Optional<Checkpoint> corrupt(Path f, String why) {
        LOG.warn("checkpoint {} is corrupt ({}); it will never be used", f, why);
        try {
            Files.move(f, f.resolveSibling(f.getFileName() + ".corrupt"));
        } catch (IOException e) {
            LOG.warn("cannot set corrupt checkpoint {} aside: {}", f, e.getMessage());
        }
        return Optional.empty();
    }

    private List<Path> files(String component) {
        Path d = dir.resolve(component);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + d, e);
        }
    }

    private void prune(String component) {
        List<Path> files = files(component);
        for (int i = keep; i < files.size(); i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                LOG.warn("cannot prune checkpoint {}: {}", files.get(i), e.getMessage());
            }
        }
    }
}
