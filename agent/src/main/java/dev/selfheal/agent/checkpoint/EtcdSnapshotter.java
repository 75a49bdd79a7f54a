package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled etcd snapshots under {@code <checkpoints>/etcd/}: {@code etcd-<time>-rev<revision>.db} and a
 * {@code .sha256} file beside it ({@code sha256sum} format). A snapshot is taken only when etcd's revision moved
 * since the last one; it is streamed to a temporary file, checked against etcd's own checksum, fsync'ed and
 * renamed into place, then its checksum file is written the same way. A snapshot without a matching checksum
 * file is incomplete or corrupt and never used. The newest {@code keep} are kept. Each revision read is
 * recorded as the last one seen ({@link RevisionMark}).
 */
public final class EtcdSnapshotter {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdSnapshotter.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final EtcdGateway etcd;
    private final Path dir;
    private final int keep;
    private final Clock clock;
    private final RevisionMark mark;
    private long lastRevision = -1;

    /**
     * @param settings the etcd endpoint and retention
     * @param checkpointDir the checkpoint directory ({@code etcd/} is used below it)
     * @param clock the time in snapshot names
     */
    public EtcdSnapshotter(EtcdSnapshotSettings settings, Path checkpointDir, Clock clock) {
        this.etcd = new EtcdGateway(settings.endpoint(), settings.tls().httpCall());
        this.dir = checkpointDir.resolve("etcd");
        this.keep = settings.keep();
        this.clock = clock;
        this.mark = new RevisionMark(checkpointDir);
    }

    /** Takes a snapshot when the revision moved since the last one; never throws. */
    public synchronized Optional<Path> snapshotIfChanged() {
        try {
            long rev = etcd.revision();
            mark.record(rev, clock.instant());
            if (rev == lastRevision) {
                return Optional.empty();
            }
            return Optional.of(snapshot(rev));
        } catch (IOException | RuntimeException e) {
            LOG.warn("etcd snapshot from {} failed: {}", etcd.endpoint(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Takes a snapshot now. */
    public synchronized Path snapshot() throws IOException {
        return snapshot(etcd.revision());
    }

    private Path snapshot(long rev) throws IOException {
        Files.createDirectories(dir);
        Path db = dir.resolve("etcd-" + NAME_TIME.format(clock.instant()) + "-rev" + rev + ".db");
        Path tmp = dir.resolve("." + db.getFileName() + ".part");
        try {
            long t0 = System.nanoTime();
            String sha = etcd.snapshot(tmp, Duration.ofMinutes(5));
            AtomicFiles.commit(tmp, db);
            AtomicFiles.write(checksumFile(db), (sha + "  " + db.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            lastRevision = rev;
            LOG.info("etcd snapshot {} ({} bytes, revision {}) in {} ms", db.getFileName(), Files.size(db), rev,
                    (System.nanoTime() - t0) / 1_000_000);
            prune();
            return db;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The newest snapshot whose checksum holds. */
    public Optional<Path> latestValid() {
        return latestValidIn(dir.getParent());
    }

    /** The newest snapshot under {@code <checkpointDir>/etcd/} whose checksum holds. */
    public static Optional<Path> latestValidIn(Path checkpointDir) {
        return snapshotsIn(checkpointDir.resolve("etcd")).stream().filter(EtcdSnapshotter::verify).findFirst();
    }

    /** Every snapshot file, newest first, valid or not. */
    public List<Path> snapshots() {
        return snapshotsIn(dir);
    }

    private static List<Path> snapshotsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("etcd-.*\\.db")).sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Whether a snapshot has its checksum file and matches it. */
    public static boolean verify(Path db) {
        Path sum = checksumFile(db);
        try {
            if (!Files.exists(sum)) {
                LOG.warn("etcd snapshot {} has no checksum file: incomplete, not used", db);
                return false;
            }
            String expected = Files.readString(sum).strip().split("\\s+")[0];
            boolean ok = expected.equals(AtomicFiles.sha256(db));
            if (!ok) {
                LOG.warn("etcd snapshot {} does not match its checksum: corrupt, not used", db);
            }
            return ok;
        } catch (IOException e) {
            LOG.warn("etcd snapshot {} unreadable: {}", db, e.getMessage());
            return false;
        }
    }

    static Path checksumFile(Path db) {
        return db.resolveSibling(db.getFileName() + ".sha256");
    }

    private void prune() throws IOException {
        List<Path> all = snapshots();
        for (int i = keep; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
            Files.deleteIfExists(checksumFile(all.get(i)));
        }
    }
}
