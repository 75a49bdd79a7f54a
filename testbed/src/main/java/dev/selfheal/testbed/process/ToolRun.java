package dev.selfheal.testbed.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command-line tool of the testbed (promtool, helm) to its end: its exit code and its output
 * (stdout and stderr together).
 *
 * @param command the command line
 * @param exitCode the exit code
 * @param output what it printed
 */
public record ToolRun(List<String> command, int exitCode, String output) {

    /**
     * Runs {@code command} in {@code dir} and waits for it, at most {@code timeout}.
     *
     * @throws IllegalStateException when it does not end in time (it is killed)
     */
    public static ToolRun run(List<String> command, Path dir, Duration timeout) {
        try {
            Path out = Files.createTempFile("tool-run", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not end within " + timeout + ": " + command);
                }
                return new ToolRun(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Whether it exited with 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * This run, when it exited with 0.
     *
     * @throws AssertionError with the command and its output otherwise
     */
    public ToolRun requireOk() {
        if (!ok()) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
        }
        return this;
    }
}
