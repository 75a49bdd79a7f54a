package dev.selfheal.spi.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs short-lived tools as child processes, for the bare-metal provider ({@code ipmitool}, fence agents,
 * provisioning hooks) and the node agent ({@code systemctl}, exec probes, {@code stat}, {@code kill}): arguments
 * as a list (no shell), secrets only in the environment or on stdin, output captured, and a hard time limit
 * after which the process and its children are killed. Children do not inherit the caller's environment
 * (which may hold credentials for {@code env:} references): they get {@link #INHERITED} and what the
 * spec adds. {@link #close()} kills whatever still runs; its owner closes it. Thread-safe. JDK and slf4j only.
 */
public final class CommandRunner implements AutoCloseable {

    /** The most output kept per stream, in bytes; the rest is read and dropped. */
    public static final int MAX_OUTPUT = 64 * 1024;

    /** The variables children inherit from this process. */
    public static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL",
            "LC_CTYPE", "TZ", "TMPDIR");

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final long OUTPUT_GRACE_MILLIS = 2_000;

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(daemonThreads());
    private volatile boolean closed;

    /**
     * Runs a command to its end or its time limit.
     *
     * @throws IOException when it cannot be started (missing program) or the wait was interrupted
     * @throws CommandTimeoutException when it ran out of time and was killed
     */
    public CommandResult run(CommandSpec spec) throws IOException, CommandTimeoutException {
        if (closed) {
            throw new IOException("the command runner is closed");
        }
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        pb.environment().keySet().retainAll(INHERITED);
        pb.environment().putAll(spec.environment());
        LOG.debug("running {}", spec);
        Process p = pb.start();
        live.add(p);
        try {
            Future<String> out = pumps.submit(() -> drain(p.getInputStream()));
            Future<String> err = pumps.submit(() -> drain(p.getErrorStream()));
            feed(p, spec.stdin());
            if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new CommandTimeoutException(spec.program(), spec.timeout());
            }
            return new CommandResult(p.exitValue(), collect(out), collect(err));
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + spec.program());
        } finally {
            live.remove(p);
        }
    }

    /** Kills every command still running and stops the output readers. Never throws. */
    @Override
    public void close() {
        closed = true;
        for (Process p : live) {
            kill(p);
        }
        pumps.shutdownNow();
    }

    private static void feed(Process p, String stdin) {
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program exited or closed stdin without reading it: its exit code tells the rest.
            LOG.debug("could not write stdin: {}", e.toString());
        }
    }

    private static String drain(InputStream in) throws IOException {
        try (in) {
            byte[] kept = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(kept, StandardCharsets.UTF_8);
        }
    }

    private static String collect(Future<String> output) {
        try {
            return output.get(OUTPUT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            output.cancel(true); // a grandchild still holds the pipe open
            return "";
        } catch (ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(OUTPUT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "selfheal-command-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
