package dev.selfheal.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPodAndSystemdRuntimeTest {

    private static final Commands COMMANDS = new Commands();

    @AfterAll
    static void closeCommands() {
        COMMANDS.close();
    }

    @TempDir
    Path dir;

    @Test
    void aStaticPodRestartMovesTheManifestOutOfTheKubeletDirectoryAndBack() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Path pod = manifests.resolve("kube-scheduler.yaml");
        Files.writeString(pod, "kind: Pod\nspec: {containers: [{name: s, image: i}]}\n");
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try {
            StaticPodRuntime r = new StaticPodRuntime(pod, dir.resolve("parking"), Duration.ofMillis(300), s);
            assertThat(r.status().running()).isTrue();
            r.restart();
            assertThat(pod).doesNotExist();
            assertThat(r.status().state()).isEqualTo(RuntimeStatus.State.RESTARTING);
            for (int i = 0; i < 100 && !Files.exists(pod); i++) {
                Thread.sleep(20);
            }
            assertThat(pod).exists().content().contains("kind: Pod");
            assertThat(r.status().running()).isTrue();
            assertThat(dir.resolve("parking")).isEmptyDirectory();
        } finally {
            s.shutdownNow();
        }
    }

    @Test
    void systemdRuntimeReportsWhatSystemctlSays() {
        // This machine runs no systemd (a container): systemctl itself answers that, and the runtime passes it on.
        SystemdRuntime r = new SystemdRuntime("selfheal-test-nonexistent.service", java.util.List.of("systemctl"), COMMANDS);
        RuntimeStatus st = r.status();
        assertThat(st.running()).isFalse();
        assertThat(st.detail()).startsWith("selfheal-test-nonexistent.service ");
        assertThatThrownBy(r::restart).hasMessageContaining("systemctl restart --no-block selfheal-test-nonexistent.service failed");
        SystemdRuntime missing = new SystemdRuntime("kubelet.service", java.util.List.of("/nonexistent/systemctl"), COMMANDS);
        assertThat(missing.status().detail()).contains("cannot run /nonexistent/systemctl");
    }
}
