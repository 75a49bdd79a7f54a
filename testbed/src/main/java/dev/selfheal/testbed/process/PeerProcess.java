package dev.selfheal.testbed.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer process, started so that it never outlives the test JVM:
 * <ul>
 *   <li>it runs in a process group of its own ({@code setsid}), so stopping it stops its children too;</li>
 *   <li>a watchdog in that group kills the whole group within a second when the JVM dies, even by SIGKILL;</li>
 *   <li>a JVM shutdown hook stops every peer still running;</li>
 *   <li>every process carries {@link StaleProcessReaper#OWNER_ENV}, so the next testbed start kills anything a
 *       dead JVM left behind.</li>
 * </ul>
 * Output goes to a log file whose tail is attached to start-up failures.
 */
public final class PeerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);
    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();

    /*
     * $1 = JVM pid, rest = command. Runs the command in the background, forwards TERM to it, exits with its
     * status, and kills the whole process group if the JVM disappears.
     */
    private static final String WATCHDOG = String.join("\n",
            "jvm=$1; shift",
            "\"$@\" &",
            "child=$!",
            "trap 'kill -TERM $child 2>/dev/null' TERM INT",
            "while kill -0 $child 2>/dev/null; do",
            "  if ! kill -0 $jvm 2>/dev/null; then kill -KILL -- -$$; fi",
            "  sleep 0.5",
            "done",
            "wait $child",
            "exit $?");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> p.stop(Duration.ofSeconds(2))),
                "selfheal-testbed-shutdown"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private volatile boolean frozen;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a peer.
     *
     * @param name a short name for logs and errors, such as {@code "kube-apiserver"}
     * @param command the executable and its arguments
     * @param env extra environment variables
     * @param workDir the working directory (created when missing)
     * @param log the file that receives stdout and stderr
     */
    public static PeerProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        StaleProcessReaper.reapOnce();
        Objects.requireNonNull(command, "command");
        List<String> full = new ArrayList<>(List.of("setsid", "bash", "-c", WATCHDOG, "selfheal-watchdog",
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(command);
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            pb.environment().put(StaleProcessReaper.OWNER_ENV, StaleProcessReaper.ownerToken());
            PeerProcess p = new PeerProcess(name, pb.start(), log);
            LIVE.add(p);
            LOG.info("started {} (pgid {}), log {}", name, p.pid(), log);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** The peer's name. */
    public String name() {
        return name;
    }

    /** The process group id (the watchdog's pid). */
    public long pid() {
        return process.pid();
    }

    /** Whether the peer still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The log file. */
    public Path log() {
        return log;
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGKILL to the whole group at once: a crash, for fault injection. */
    public void kill() {
        signalGroup("KILL");
        waitFor(Duration.ofSeconds(5));
        LIVE.remove(this);
    }

    /** Sends SIGSTOP or SIGCONT to the group: a hung or resumed peer, for fault injection. */
    public void freeze(boolean frozen) {
        signalGroup(frozen ? "STOP" : "CONT");
        this.frozen = frozen;
    }

    /** Whether the group was last sent SIGSTOP through {@link #freeze(boolean)} and not SIGCONT since. */
    public boolean isFrozen() {
        return frozen;
    }

    /** Stops the group: SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            signalGroup("CONT");
            frozen = false;
            signalGroup("TERM");
            if (!waitFor(grace)) {
                LOG.warn("{} did not stop within {}; killing", name, grace);
            }
        }
        signalGroup("KILL");
        waitFor(Duration.ofSeconds(5));
        LIVE.remove(this);
    }

    /** Stops with a 5 s grace period. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signalGroup(String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("cannot signal {}: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "(pgid " + process.pid() + ")";
    }
}
