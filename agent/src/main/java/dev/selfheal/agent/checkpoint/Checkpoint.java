package dev.selfheal.agent.checkpoint;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A verified checkpoint of a component's manifest: its content matched its SHA-256 when read.
 *
 * @param component the component id
 * @param source the manifest path it was taken from
 * @param takenAt when it was taken
 * @param sha256 the content's SHA-256, hex
 * @param content the manifest text
 * @param file the checkpoint file
 */
public record Checkpoint(String component, Path source, Instant takenAt, String sha256, String content, Path file) {

    @Override
    public String toString() {
        return "Checkpoint[" + component + " " + takenAt + " sha256=" + sha256.substring(0, 12) + "]";
    }
}
