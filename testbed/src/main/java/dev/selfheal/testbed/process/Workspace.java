package dev.selfheal.testbed.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folders for peers' data, certificates and logs: under {@code target/testbed/} when run from a Maven
 * module (so CI keeps the logs), else under the temporary directory. Override with
 * {@code -Dselfheal.testbed.dir=...}.
 */
public final class Workspace {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Path RUN = createRun();

    private Workspace() {
    }

    /** A new folder for one peer instance, such as {@code .../20261121-053000-1234/kube-1}. */
    public static Path newDir(String peer) {
        Path dir = RUN.resolve(peer + "-" + SEQ.incrementAndGet());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static Path createRun() {
        String explicit = System.getProperty("selfheal.testbed.dir");
        Path base;
        if (explicit != null && !explicit.isBlank()) {
            base = Path.of(explicit);
        } else if (Files.isDirectory(Path.of(System.getProperty("selfheal.target", "target")))) {
            base = Path.of(System.getProperty("selfheal.target", "target"), "testbed").toAbsolutePath();
        } else {
            base = Path.of(System.getProperty("java.io.tmpdir"), "selfheal-testbed");
        }
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + ProcessHandle.current().pid();
        try {
            return Files.createDirectories(base.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the testbed workspace under " + base, e);
        }
    }
}
