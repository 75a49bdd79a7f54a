package dev.selfheal.testbed.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills peers left behind by a test JVM that died without cleaning up (SIGKILL, OOM, a power cut of the
 * CI runner). Every peer process carries {@link #OWNER_ENV} = {@code <jvm pid>:<jvm start millis>}; on the
 * first peer start of a JVM, every process whose owner is no longer alive is killed.
 */
public final class StaleProcessReaper {

    /** The environment variable that marks a process as a peer of one JVM. */
    public static final String OWNER_ENV = "SELFHEAL_TESTBED_OWNER";

    private static final Logger LOG = LoggerFactory.getLogger(StaleProcessReaper.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private StaleProcessReaper() {
    }

    /** This JVM's owner token. */
    public static String ownerToken() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + ":" + self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    /** Reaps once per JVM. */
    public static void reapOnce() {
        if (DONE.compareAndSet(false, true)) {
            int n = reap();
            if (n > 0) {
                LOG.warn("killed {} peer process(es) left behind by an earlier test run", n);
            }
        }
    }

    /** Kills every peer process whose owning JVM is gone; returns how many. */
    public static int reap() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        int killed = 0;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries.filter(e -> e.getFileName().toString().matches("\\d+"))::iterator) {
                Optional<String> owner = ownerOf(p.resolve("environ"));
                if (owner.isPresent() && !isAlive(owner.get())) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                        killed++;
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot scan /proc for stale peers: {}", e.getMessage());
        }
        return killed;
    }

    private static Optional<String> ownerOf(Path environ) {
        try {
            String env = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
            for (String kv : env.split("\0")) {
                if (kv.startsWith(OWNER_ENV + "=")) {
                    return Optional.of(kv.substring(OWNER_ENV.length() + 1));
                }
            }
        } catch (IOException | SecurityException e) {
            // a process that ended or is not ours to read
        }
        return Optional.empty();
    }

    /** Whether the JVM named by an owner token ({@code <pid>:<start millis>}) still runs. */
    public static boolean isAlive(String token) {
        List<String> parts = List.of(token.split(":"));
        if (parts.size() != 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts.get(0));
            long start = Long.parseLong(parts.get(1));
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(h -> h.info().startInstant().map(i -> i.toEpochMilli() == start).orElse(false))
                    .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
