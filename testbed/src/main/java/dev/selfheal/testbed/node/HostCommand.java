package dev.selfheal.testbed.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command on the host (ip, nsenter, mount, ctr) and returns its output; fails with the output. */
final class HostCommand {

    private HostCommand() {
    }

    /** Runs {@code command}, failing when it exits non-zero or runs longer than 60 s. */
    static String run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command}, failing when it exits non-zero or runs longer than 60 s. */
    static String run(List<String> command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): " + String.join(" ", command)
                    + "\n" + r.output() + r.errors());
        }
        return r.output();
    }

    /** Runs {@code command} and returns its exit code, output and error output, whatever the code. */
    static Result tryRun(List<String> command) {
        java.nio.file.Path err = null;
        try {
            err = java.nio.file.Files.createTempFile("selfheal-cmd", ".err");
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), java.nio.file.Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        } finally {
            if (err != null) {
                err.toFile().delete();
            }
        }
    }

    /** A finished command. */
    record Result(int exitCode, String output, String errors) {
    }
}
