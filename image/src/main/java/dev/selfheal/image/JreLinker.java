package dev.selfheal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a small Java runtime with the building JDK's {@code jlink} and jmods: only the named modules, without
 * debug symbols, header files or man pages.
 */
public final class JreLinker {

    private JreLinker() {
    }

    /**
     * Links a runtime of {@code modules} into {@code output} (replaced if present).
     *
     * @param modules module names, such as {@code java.base}, as {@code jdeps --print-module-deps} lists them
     * @return {@code output}
     */
    public static Path link(List<String> modules, Path output) {
        if (modules.isEmpty() || modules.stream().anyMatch(m -> !m.matches("[a-z][a-z0-9_.]*"))) {
            throw new IllegalArgumentException("modules " + modules + " must be Java module names such as java.base");
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalStateException(jlink + " does not exist: build with a JDK (with jmods), not a JRE");
        }
        deleteTree(output);
        // A process of its own: a second jlink in one JVM (the healer's, then the agent's, in one reactor) wrote a
        // different lib/modules than the first, while separate runs give the same bytes.
        List<String> command = List.of(jlink.toString(), "--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", output.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException("jlink failed (exit " + rc + ") for modules " + modules + ": " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jlink, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jlink", e);
        }
        return output;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
