package dev.selfheal.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: {@code sh} and {@code sleep}. */
class ProcessRuntimeTest {

    private static final Commands COMMANDS = new Commands();

    @AfterAll
    static void closeCommands() {
        COMMANDS.close();
    }

    @TempDir
    Path dir;

    private ProcessRuntime runtime(List<String> cmd, Map<String, String> env) {
        return new ProcessRuntime("test", new ProcessManifest(cmd, env, null), dir.resolve("logs"), dir.resolve("run"),
                Duration.ofSeconds(2), COMMANDS);
    }

    @Test
    void stopEndsTheWholeProcessGroupAndTheChildGetsAMinimalEnvironment() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        try (ProcessRuntime r = runtime(List.of("sh", "-c", "env > env.txt; sleep 300 & echo $! > " + pidFile + "; wait"),
                Map.of("EXTRA", "yes"))) {
            r.start();
            assertThat(r.status().running()).isTrue();
            awaitFile(pidFile);
            long grandchild = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(grandchild)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
            String env = Files.readString(dir.resolve("run/env.txt"));
            assertThat(env).contains("EXTRA=yes").doesNotContain("JAVA_HOME=").doesNotContain("MAVEN");
            r.stop();
            assertThat(r.status().running()).isFalse();
            assertThat(running(grandchild)).isFalse();
        }
    }

    @Test
    void anExitIsReportedAndTheOutputLogged() throws Exception {
        CountDownLatch exited = new CountDownLatch(1);
        try (ProcessRuntime r = runtime(List.of("sh", "-c", "echo hello-from-component; exit 3"), Map.of())) {
            r.onExit(exited::countDown);
            r.start();
            assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(r.status().running()).isFalse();
            assertThat(r.status().detail()).contains("exited with 3");
            assertThat(Files.readString(r.logFile())).contains("hello-from-component");
        }
    }

    @Test
    void aChangedManifestRestartsTheRunningProcessWithIt() throws Exception {
        try (ProcessRuntime r = runtime(List.of("sleep", "300"), Map.of())) {
            r.start();
            long first = r.processGroup();
            r.apply(new ProcessManifest(List.of("sleep", "300"), Map.of(), null).toYaml(), false);
            assertThat(r.processGroup()).as("same command line: no restart").isEqualTo(first);
            r.apply(new ProcessManifest(List.of("sleep", "301"), Map.of(), null).toYaml(), true);
            assertThat(r.processGroup()).isNotEqualTo(first);
            assertThat(running(first)).isFalse();
            assertThat(r.status().running()).isTrue();
        }
    }

    @Test
    void withoutAManifestThereIsNothingToStart() {
        ProcessRuntime r = new ProcessRuntime("empty", null, dir, dir, Duration.ofSeconds(1), COMMANDS);
        assertThatThrownBy(r::start).hasMessageContaining("no manifest to start empty");
    }

    /** Alive and not a zombie (in a container whose init does not reap, killed orphans stay zombies). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitFile(Path f) throws InterruptedException, IOException {
        for (int i = 0; i < 100 && (!Files.exists(f) || Files.readString(f).isBlank()); i++) {
            Thread.sleep(50);
        }
    }
}
