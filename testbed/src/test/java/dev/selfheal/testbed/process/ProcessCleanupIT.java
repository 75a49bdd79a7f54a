package dev.selfheal.testbed.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No peer outlives its test JVM, even one killed with SIGKILL. */
class ProcessCleanupIT {

    @Test
    void peersDieWhenTheirJvmIsKilled(@TempDir Path dir) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PeerHostMain.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        long pgid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PGID "));
            assertThat(line).as("child JVM printed its peer's process group").isNotNull();
            pgid = Long.parseLong(line.substring(5).trim());
            long group = pgid;
            Await.until("etcd running in group " + pgid, Duration.ofSeconds(30),
                    () -> groupMembers(group).stream().anyMatch(pid -> command(pid).contains("etcd")));

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Await.until("peer group " + pgid + " gone after SIGKILL of its JVM", Duration.ofSeconds(10),
                    () -> groupMembers(group).isEmpty());
        } finally {
            jvm.destroyForcibly();
        }
        assertThat(groupMembers(pgid)).isEmpty();
    }

    @Test
    void reaperKillsProcessesWhoseOwnerIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessBuilder pb = new ProcessBuilder("sleep", "300");
        pb.environment().put(StaleProcessReaper.OWNER_ENV, gone.pid() + ":12345");
        Process orphan = pb.start();
        ProcessBuilder mine = new ProcessBuilder("sleep", "300");
        mine.environment().put(StaleProcessReaper.OWNER_ENV, StaleProcessReaper.ownerToken());
        Process own = mine.start();
        try {
            assertThat(StaleProcessReaper.reap()).isGreaterThanOrEqualTo(1);
            assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).as("orphan killed").isTrue();
            assertThat(own.isAlive()).as("a live JVM's peer is left alone").isTrue();
        } finally {
            orphan.destroyForcibly();
            own.destroyForcibly();
        }
    }

    private static List<Long> groupMembers(long pgid) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> pgidOf(p) == pgid)
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pgidOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
