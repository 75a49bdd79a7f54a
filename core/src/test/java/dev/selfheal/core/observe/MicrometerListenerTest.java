package dev.selfheal.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerListenerTest {

    @Test
    void countsDetectionsAndOutcomesAndTimesRecovery() {
        Instant t0 = Instant.parse("2026-11-21T06:00:00Z");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerListener l = new MicrometerListener(registry, Clock.fixed(t0.plusSeconds(42), ZoneOffset.UTC));
        l.onDiagnosed(new Diagnosis("n1", FailureClass.NODE_UNREACHABLE, null, List.of(), t0, "x"));
        Remediation r = Remediation.start("id", "n1", "u", FailureClass.NODE_UNREACHABLE, null, List.of("fence"), "h", t0, "")
                .moveTo(RemediationState.REMEDIATING, t0, "").moveTo(RemediationState.SUCCEEDED, t0.plusSeconds(42), "");
        l.onStepFinished(r, "fence", "done");
        l.onFinished(r);
        assertThat(registry.get("selfheal.detections").tag("class", "NODE_UNREACHABLE").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("selfheal.steps").tag("step", "fence").tag("outcome", "done").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("selfheal.remediations").tag("outcome", "SUCCEEDED").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("selfheal.time.to.recover").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(42.0);
    }

    @Test
    void tellsWhichFailureDomainIsFrozen() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerListener l = new MicrometerListener(registry, Clock.systemUTC());
        l.onDomainStorm("topology.kubernetes.io/zone", "a", true, "3 of 3 nodes look unhealthy");
        l.onDomainStorm("topology.kubernetes.io/zone", "b", false, "storm and cooldown ended");
        assertThat(registry.get("selfheal.domain.frozen").tag("domain", "a").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("selfheal.domain.frozen").tag("domain", "b").gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("selfheal.domain.storms").tag("label", "topology.kubernetes.io/zone").tag("domain", "a")
                .counter().count()).isEqualTo(1.0);
        l.onDomainStorm("topology.kubernetes.io/zone", "a", false, "storm and cooldown ended");
        assertThat(registry.get("selfheal.domain.frozen").tag("domain", "a").gauge().value()).isEqualTo(0.0);
    }
}
