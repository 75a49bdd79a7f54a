package dev.selfheal.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.testbed.clock.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void savesOnlyNewContentAndKeepsTheNewest() throws IOException {
        Checkpointer c = new Checkpointer(dir, 2, clock);
        Checkpoint first = c.save("etcd", Path.of("/m/etcd.yaml"), "v1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.save("etcd", Path.of("/m/etcd.yaml"), "v1")).isEqualTo(first);
        c.save("etcd", Path.of("/m/etcd.yaml"), "v2");
        clock.advance(Duration.ofSeconds(1));
        Checkpoint third = c.save("etcd", Path.of("/m/etcd.yaml"), "v3");
        assertThat(c.latest("etcd")).contains(third);
        assertThat(c.all("etcd")).extracting(Checkpoint::content).containsExactly("v3", "v2");
        assertThat(third.source()).isEqualTo(Path.of("/m/etcd.yaml"));
        try (Stream<Path> files = Files.list(c.directory("etcd"))) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().contains(".tmp-"));
        }
    }

    @Test
    void aCorruptCheckpointIsDetectedSetAsideAndNeverUsed() throws IOException {
        Checkpointer c = new Checkpointer(dir, 5, clock);
        c.save("kube-apiserver", Path.of("/m/api.yaml"), "good");
        clock.advance(Duration.ofSeconds(1));
        Checkpoint newest = c.save("kube-apiserver", Path.of("/m/api.yaml"), "newer");
        String text = Files.readString(newest.file());
        Files.writeString(newest.file(), text.replace("newer", "evil!"), StandardCharsets.UTF_8);

        assertThat(c.latest("kube-apiserver")).map(Checkpoint::content).contains("good");
        assertThat(newest.file()).doesNotExist();
        assertThat(newest.file().resolveSibling(newest.file().getFileName() + ".corrupt")).exists();

        Checkpoint only = c.all("kube-apiserver").get(0);
        Files.write(only.file(), new byte[] {1, 2, 3});
        assertThat(c.latest("kube-apiserver")).isEmpty();
    }

    @Test
    void atomicWritesReplaceTheWholeFile() throws IOException {
        Path f = dir.resolve("sub/manifest.yaml");
        AtomicFiles.write(f, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, "second".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("second");
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertThat(files).containsExactly(f);
        }
        assertThat(AtomicFiles.sha256(f)).isEqualTo(AtomicFiles.sha256("second".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4");
    }

    @Test
    void manifestFormatsTellValidFromCorrupt() {
        assertThat(ManifestFormat.PROCESS.problem("command: [etcd, --name=x]")).isNull();
        assertThat(ManifestFormat.PROCESS.problem("command: []")).contains("non-empty");
        assertThat(ManifestFormat.PROCESS.problem("cmd: [x]")).contains("unknown key 'cmd'");
        assertThat(ManifestFormat.POD.problem("kind: Pod\nspec: {containers: [{name: c, image: i}]}")).isNull();
        assertThat(ManifestFormat.POD.problem("kind: Deployment")).contains("not a Pod");
        assertThat(ManifestFormat.POD.problem("kind: Pod\nspec: {}")).contains("spec.containers");
        assertThat(ManifestFormat.POD.problem("\u0000\u0001{{")).isNotNull();
        assertThat(ManifestFormat.UNIT.problem("[Service]\nExecStart=/usr/bin/kubelet")).isNull();
        assertThat(ManifestFormat.UNIT.problem("ExecStart=/usr/bin/kubelet")).contains("[Section]");
        assertThat(ManifestFormat.UNIT.problem("  ")).isEqualTo("empty");
    }

    @Test
    void processManifestsRoundTrip() {
        ProcessManifest m = new ProcessManifest(java.util.List.of("/bin/etcd", "--name=a b"), java.util.Map.of("K", "v"), Path.of("/var/lib/etcd"));
        assertThat(ProcessManifest.parse(m.toYaml())).isEqualTo(m);
    }
}
