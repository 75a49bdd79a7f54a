package dev.selfheal.agent.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain process the agent spawns, watches and restarts. It never outlives the agent:
 * <ul>
 *   <li>it runs in a process group of its own ({@code setsid}), so a stop reaches its children too;</li>
 *   <li>a small watchdog leads that group and kills it within a second when the agent's JVM is gone, even
 *       after SIGKILL;</li>
 *   <li>{@link #close()} stops it (SIGTERM to the group, SIGKILL after the grace period); its owner (the
 *       {@code NodeAgent}, or {@code TemporaryEtcd} during recovery) closes it when it closes. No global state:
 *       a program that wants its processes stopped on SIGTERM closes its agent from its own shutdown hook.</li>
 * </ul>
 * The process gets a minimal environment ({@code PATH}, {@code HOME}, {@code LANG}, {@code TZ} and the
 * manifest's {@code env}), never the agent's own; its output is appended to {@code <logDir>/<component>.log}.
 */
public final class ProcessRuntime implements ComponentRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final List<String> PASSED_ENV = List.of("PATH", "HOME", "LANG", "TZ");
    /*
     * $1 = agent JVM pid, rest = command. Waits for the command (so its exit is seen at once), forwards TERM to
     * it, and a monitor in the group kills the whole group when the agent's JVM disappears.
     */
    private static final String WATCHDOG = String.join("\n",
            "agent=$1; shift",
            "\"$@\" &",
            "child=$!",
            "( while kill -0 $agent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done",
            "  if kill -0 $child 2>/dev/null; then kill -KILL -- -$$; fi ) &",
            "trap 'kill -TERM $child 2>/dev/null' TERM INT",
            "while :; do",
            "  wait $child; status=$?",
            "  kill -0 $child 2>/dev/null || break",
            "done",
            "exit $status");

    private final String name;
    private final Path log;
    private final Path defaultWorkDir;
    private final Duration stopGrace;
    private final Commands commands;
    private volatile ProcessManifest manifest;
    private volatile Process process;
    private volatile ProcessManifest runningWith;
    private volatile Runnable exitListener = () -> { };

    /**
     * @param name the component id, for logs and the log file name
     * @param manifest the command line to start with (null: wait for {@link #apply})
     * @param logDir where the output goes
     * @param defaultWorkDir the working directory when the manifest names none
     * @param stopGrace SIGTERM to SIGKILL
     * @param commands signals the process group (its owner closes it)
     */
    public ProcessRuntime(String name, ProcessManifest manifest, Path logDir, Path defaultWorkDir, Duration stopGrace,
                          Commands commands) {
        this.commands = commands;
        this.name = name;
        this.manifest = manifest;
        this.log = logDir.resolve(name + ".log");
        this.defaultWorkDir = defaultWorkDir;
        this.stopGrace = stopGrace;
    }

    @Override
    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        ProcessManifest m = manifest;
        if (m == null) {
            throw new IllegalStateException("no manifest to start " + name + " from");
        }
        List<String> full = new ArrayList<>(List.of("setsid", "bash", "-c", WATCHDOG, "selfheal-agent-watchdog",
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(m.command());
        try {
            Path wd = m.workDir() != null ? m.workDir() : defaultWorkDir;
            Files.createDirectories(wd);
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(full).directory(wd.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = pb.environment();
            Map<String, String> keep = new java.util.HashMap<>();
            PASSED_ENV.forEach(k -> {
                if (env.get(k) != null) {
                    keep.put(k, env.get(k));
                }
            });
            env.clear();
            env.putAll(keep);
            env.putAll(m.env());
            Process p = pb.start();
            process = p;
            runningWith = m;
            p.onExit().thenRun(() -> exited(p));
            LOG.info("started {} (process group {}): {}", name, p.pid(), m.command().get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + m.command().get(0) + ")", e);
        }
    }

    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public RuntimeStatus status() {
        Process p = process;
        if (p == null) {
            return RuntimeStatus.stopped("not started");
        }
        return p.isAlive() ? RuntimeStatus.running("process group " + p.pid() + " running")
                : RuntimeStatus.stopped("process group " + p.pid() + " exited with " + p.exitValue());
    }

    /** Restarts with the new command line when it changed while running. */
    @Override
    public synchronized void apply(String content, boolean changed) {
        ProcessManifest m = ProcessManifest.parse(content);
        manifest = m;
        if (isAlive() && !m.equals(runningWith)) {
            LOG.info("{}: manifest changed; restarting with the new command line", name);
            restart();
        }
    }

    @Override
    public void onExit(Runnable listener) {
        this.exitListener = listener;
    }

    /** The process group id (the watchdog's pid), or -1 when never started. */
    public long processGroup() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** The log file of the process. */
    public Path logFile() {
        return log;
    }

    /** Stops the process group: SIGTERM, SIGKILL after the grace period. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        if (p.isAlive()) {
            signalGroup(p.pid(), "TERM");
            if (!waitFor(p, stopGrace)) {
                LOG.warn("{} did not stop within {}; killing its process group", name, stopGrace);
            }
        }
        signalGroup(p.pid(), "KILL");
        waitFor(p, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
    }

    private boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private void exited(Process p) {
        if (p == process) {
            LOG.warn("{} exited with {}", name, p.exitValue());
            // the group may hold children of the dead process: end them before a new start
            signalGroup(p.pid(), "KILL");
            exitListener.run();
        }
    }

    private static boolean waitFor(Process p, Duration d) {
        try {
            return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signalGroup(long pgid, String signal) {
        commands.run(List.of("kill", "-" + signal, "--", "-" + pgid), Duration.ofSeconds(5));
    }
}
