package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last etcd revision the agent saw, kept in {@code <checkpoints>/etcd/last-revision} ({@code <revision>
 * <time>}) and written atomically whenever it moves: after a quorum loss, the revisions between the newest
 * snapshot and this mark are what a restore from that snapshot loses.
 */
public final class RevisionMark {

    private static final Logger LOG = LoggerFactory.getLogger(RevisionMark.class);

    private final Path file;
    private long recorded = -1;

    /** A revision seen at a time. */
    public record Mark(long revision, Instant at) {
    }

    /** @param checkpointDir the checkpoint directory ({@code etcd/last-revision} below it) */
    public RevisionMark(Path checkpointDir) {
        this.file = checkpointDir.resolve("etcd").resolve("last-revision");
    }

    /** Records a revision seen now when it is above the one recorded (by anyone); never throws. */
    public synchronized void record(long revision, Instant at) {
        if (revision <= recorded) {
            return;
        }
        recorded = Math.max(recorded, read().map(Mark::revision).orElse(-1L));
        if (revision <= recorded) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, (revision + " " + at + "\n").getBytes(StandardCharsets.UTF_8));
            recorded = revision;
        } catch (IOException e) {
            LOG.warn("cannot record etcd revision {} in {}: {}", revision, file, e.getMessage());
        }
    }

    /** The recorded mark, if any (an unreadable file counts as none). */
    public Optional<Mark> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file).strip().split("\\s+");
            return Optional.of(new Mark(Long.parseLong(parts[0]), Instant.parse(parts[1])));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the etcd revision mark {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    public Path file() {
        return file;
    }
}
