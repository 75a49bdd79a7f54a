package dev.selfheal.agent.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command ({@code systemctl}, {@code crictl}, {@code stat}) with a time-out, its output (stdout and
 * stderr) captured through a temporary file so a chatty command cannot block on a full pipe. A command that
 * overruns is killed.
 */
public final class CommandRunner {

    private static final int OUTPUT_LIMIT = 16 * 1024;

    private CommandRunner() {
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode the exit code; -1 when it could not start, -2 when it timed out
     * @param output the start of its output, or why it did not run
     */
    public record Result(int exitCode, String output) {
        public String describe() {
            return exitCode == -1 ? "not started" : exitCode == -2 ? "timed out" : "exit " + exitCode;
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        File out = null;
        try {
            out = File.createTempFile("selfheal-agent-cmd", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-2, command.get(0) + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), read(out));
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-2, "interrupted while running " + command.get(0));
        } finally {
            if (out != null && !out.delete()) {
                out.deleteOnExit();
            }
        }
    }

    private static String read(File f) throws IOException {
        byte[] b = Files.readAllBytes(f.toPath());
        return new String(b, 0, Math.min(b.length, OUTPUT_LIMIT), StandardCharsets.UTF_8);
    }
}
