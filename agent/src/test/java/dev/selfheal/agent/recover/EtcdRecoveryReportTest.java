package dev.selfheal.agent.recover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.JsonReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdRecoveryReportTest {

    private static final Instant AT = Instant.parse("2026-12-01T01:00:00Z");

    @Test
    void lostWritesAreNamedInTheSummaryAndTheJson() {
        EtcdRecoveryReport r = new EtcdRecoveryReport(AT, Path.of("/c/etcd/etcd-x-rev11.db"), 11, 14, 14, 3,
                List.of(new EtcdGateway.KeyRevision("/registry/pods/default/web", 13)), Path.of("/var/lib/etcd.lost"));
        assertThat(r.lostAnything()).isTrue();
        assertThat(r.summary()).contains("LOST 3 revision(s) up to 14", "/registry/pods/default/web@13");
        Object json = JsonReader.parse(r.toJson());
        assertThat(Json.text(json, "", "lostRevisions")).isEqualTo("3");
        assertThat(Json.text(json, "", "snapshotRevision")).isEqualTo("11");
        assertThat(Json.text(Json.array(json, "lostKeys").get(0), "", "key")).isEqualTo("/registry/pods/default/web");
    }

    @Test
    void nothingLostSaysSo() {
        EtcdRecoveryReport r = new EtcdRecoveryReport(AT, Path.of("/c/s.db"), 11, 11, -1, 0, List.of(), null);
        assertThat(r.lostAnything()).isFalse();
        assertThat(r.summary()).contains("nothing later was seen").doesNotContain("LOST");
    }
}
