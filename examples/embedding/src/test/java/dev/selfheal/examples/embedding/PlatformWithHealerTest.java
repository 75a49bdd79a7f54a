package dev.selfheal.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.safety.GateDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformWithHealerTest {

    @Test
    void thePlatformConfigurationIsCautious() {
        SelfhealConfig c = PlatformWithHealer.config();
        assertThat(c.dryRun()).isTrue();
        assertThat(c.namespace()).isEqualTo("platform-system");
        assertThat(c.gates().maxConcurrent()).isEqualTo(1);
        assertThat(c.gates().excludeLabel()).isEqualTo("platform.example/no-heal");
        assertThat(c.providers()).extracting(p -> p.type()).containsExactly("aws");
    }

    @Test
    void theIncidentLogRecordsDecisionsInOrderWithTheirTime() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        IncidentLog log = new IncidentLog(Clock.fixed(t, ZoneOffset.UTC));
        Diagnosis d = new Diagnosis("worker-1", FailureClass.NODE_UNREACHABLE, null, List.of(), t, "no heartbeat for 31 s");
        log.onDiagnosed(d);
        log.onBlocked(d, GateDecision.deny("dry-run", "would remediate"));
        assertThat(log.incidents()).extracting(IncidentLog.Incident::what)
                .containsExactly("diagnosed NODE_UNREACHABLE: no heartbeat for 31 s", "not remediated (dry-run): would remediate");
        assertThat(log.incidents()).allMatch(i -> i.at().equals(t) && i.node().equals("worker-1"));
    }
}
