package dev.selfheal.testbed.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small shell process, outside every peer's process group, that waits for the test JVM to end (even by
 * SIGKILL) and then removes what the real nodes' processes cannot take with them: their cgroup folders.
 * Processes, mounts, network namespaces, veths and iptables chains die with each node's namespaces.
 */
final class NodeJanitor {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static final String SCRIPT = String.join("\n",
            "jvm=$1; owner=$2",
            "while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done",
            "for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do",
            "  left=0",
            "  for d in /sys/fs/cgroup/\"$owner\" /sys/fs/cgroup/*/\"$owner\"; do",
            "    [ -d \"$d\" ] || continue",
            "    find \"$d\" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null",
            "    find \"$d\" -depth -type d -exec rmdir {} + 2>/dev/null",
            "    [ -d \"$d\" ] && left=1",
            "  done",
            "  [ \"$left\" = 0 ] && exit 0",
            "  sleep 0.5",
            "done");

    private NodeJanitor() {
    }

    /** Starts the janitor once per JVM. */
    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-c", SCRIPT, "selfheal-node-janitor",
                Long.toString(ProcessHandle.current().pid()), NodeCgroups.ownerFolder())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("SELFHEAL_TESTBED_OWNER"));
        try {
            pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the real-node janitor", e);
        }
    }
}
