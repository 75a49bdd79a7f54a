package dev.selfheal.image;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Makes a small Java runtime with {@code jlink} from the building JDK's jmods: only the named modules, without
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
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() ->
                new IllegalStateException("jlink is not available: build with a JDK (with jmods), not a JRE"));
        deleteTree(output);
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log);
        int rc = jlink.run(w, w, "--add-modules", String.join(",", modules), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--output", output.toString());
        if (rc != 0) {
            throw new IllegalStateException("jlink failed (exit " + rc + ") for modules " + modules + ": " + log);
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
