package dev.selfheal.agent.supervise;

import dev.selfheal.agent.checkpoint.Checkpoint;
import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.checkpoint.ManifestFormat;
import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.spi.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one component's manifest file valid: reads and validates it ({@link ManifestFormat}); puts a missing or
 * corrupt one back from the newest valid checkpoint at once (setting a corrupt one aside under
 * {@code <checkpoints>/rejected/}, never in the kubelet's manifest directory); rolls a valid but failing one back
 * to the checkpoint on request; and checkpoints what ran healthy.
 */
public final class ManifestKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestKeeper.class);

    /**
     * The manifest as found.
     *
     * @param content the valid content, or null when there is none (missing or corrupt without a checkpoint)
     * @param problem what was wrong with the file, or null when it was valid
     * @param restored whether it was put back from a checkpoint
     */
    record Inspection(String content, String problem, boolean restored) {
    }

    private final ComponentSpec spec;
    private final ManifestFormat format;
    private final Checkpointer checkpoints;
    private final Path rejectedDir;
    private final Clock clock;
    private final Consumer<Checkpoint> onCheckpoint;
    private String checkpointedSha;

    public ManifestKeeper(ComponentSpec spec, Checkpointer checkpoints, Path rejectedDir, Clock clock, Consumer<Checkpoint> onCheckpoint) {
        this.spec = spec;
        this.format = ManifestFormat.of(spec.runtime());
        this.checkpoints = checkpoints;
        this.rejectedDir = rejectedDir;
        this.clock = clock;
        this.onCheckpoint = onCheckpoint;
    }

    /**
     * Reads the manifest (a regular file of at most 4 MiB: a FIFO or device is "unreadable", never a hang),
     * restoring it from the newest checkpoint when missing or corrupt.
     */
    Inspection ensure() {
        String problem;
        String content = null;
        try {
            byte[] bytes = RegularFiles.read(spec.manifest(), RegularFiles.CONFIG_LIMIT);
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            problem = format.problem(content);
        } catch (NoSuchFileException e) {
            problem = "missing";
        } catch (MalformedInputException e) {
            problem = "not UTF-8 text";
        } catch (IOException e) {
            problem = "unreadable: " + e.getMessage();
        }
        if (problem == null) {
            return new Inspection(content, null, false);
        }
        Optional<Checkpoint> cp = spec.checkpoint() ? checkpoints.latest(spec.id()) : Optional.empty();
        if (cp.isEmpty()) {
            return new Inspection(null, "manifest " + spec.manifest() + " " + problem + " and no checkpoint to restore", false);
        }
        if (!problem.equals("missing")) {
            setAside(problem);
        }
        write(cp.get());
        LOG.warn("{}: manifest {} was {}; restored from {}", spec.id(), spec.manifest(), problem, cp.get());
        return new Inspection(cp.get().content(), "manifest " + problem + "; restored from checkpoint " + cp.get().takenAt(), true);
    }

    /**
     * Puts the newest checkpoint in place of a valid manifest that does not work.
     *
     * @param current the content in place now
     * @return the checkpoint restored, or empty when there is none or it holds {@code current} already
     */
    Optional<Checkpoint> rollback(String current) {
        Optional<Checkpoint> cp = checkpoints.latest(spec.id());
        if (cp.isEmpty() || (current != null && cp.get().content().equals(current))) {
            return Optional.empty();
        }
        setAside("failing");
        write(cp.get());
        LOG.warn("{}: rolled the manifest back to {}", spec.id(), cp.get());
        return cp;
    }

    /** Checkpoints content the component runs healthy with, when it is new. */
    void checkpoint(String content) {
        String sha = AtomicFiles.sha256(content.getBytes(StandardCharsets.UTF_8));
        if (sha.equals(checkpointedSha)) {
            return;
        }
        Checkpoint cp = checkpoints.save(spec.id(), spec.manifest(), content);
        checkpointedSha = cp.sha256();
        onCheckpoint.accept(cp);
    }

    private void write(Checkpoint cp) {
        try {
            AtomicFiles.write(spec.manifest(), cp.content().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore " + spec.manifest() + " from " + cp + ": " + e.getMessage(), e);
        }
    }

    private void setAside(String why) {
        Path target = rejectedDir.resolve(spec.id() + "-" + clock.millis() + ".rejected");
        try {
            Files.createDirectories(rejectedDir);
            Files.move(spec.manifest(), target);
            LOG.warn("{}: set the {} manifest aside as {}", spec.id(), why, target);
        } catch (IOException e) {
            LOG.warn("{}: cannot set the {} manifest aside: {}", spec.id(), why, e.getMessage());
        }
    }
}
