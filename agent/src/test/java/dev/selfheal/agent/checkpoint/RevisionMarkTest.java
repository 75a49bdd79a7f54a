package dev.selfheal.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevisionMarkTest {

    @TempDir
    Path dir;

    @Test
    void theMarkOnlyMovesForward() throws Exception {
        Instant t = Instant.parse("2026-12-01T01:00:00Z");
        RevisionMark a = new RevisionMark(dir);
        RevisionMark b = new RevisionMark(dir);
        assertThat(a.read()).isEmpty();
        a.record(100, t);
        b.record(80, t.plusSeconds(1));
        assertThat(b.read()).contains(new RevisionMark.Mark(100, t));
        b.record(120, t.plusSeconds(2));
        assertThat(a.read().orElseThrow().revision()).isEqualTo(120);
        assertThat(Files.readString(dir.resolve("etcd/last-revision"))).startsWith("120 ");
    }

    @Test
    void anUnreadableMarkCountsAsNone() throws Exception {
        Files.createDirectories(dir.resolve("etcd"));
        Files.writeString(dir.resolve("etcd/last-revision"), "garbage");
        assertThat(new RevisionMark(dir).read()).isEmpty();
    }
}
