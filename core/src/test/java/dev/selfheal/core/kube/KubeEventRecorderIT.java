package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class KubeEventRecorderIT {

    @Test
    void repeatsAreAggregatedIntoOneEvent(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-events");
        String node = HealerAccess.unique("ev-w");
        try (KubeEventRecorder recorder = KubeEventRecorder.builder(HealerAccess.healer(kube, ns)).instance("healer-a").build()) {
            recorder.record(node, "NodeUnreachable", "no heartbeat for 42 s", true);
            recorder.record(node, "NodeUnreachable", "no heartbeat for 42 s", true);
            recorder.record(node, "NodeUnreachable", "no heartbeat for 42 s", true);
            recorder.record(node, "RemediationStarted", "ladder: reboot, fence", false);
            assertThat(recorder.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<Event> events = events(kube, node);
            assertThat(events).hasSize(2);
            Event unreachable = events.stream().filter(e -> e.getReason().equals("NodeUnreachable")).findFirst().orElseThrow();
            assertThat(unreachable.getCount()).isEqualTo(3);
            assertThat(unreachable.getType()).isEqualTo("Warning");
            assertThat(unreachable.getMessage()).isEqualTo("no heartbeat for 42 s");
            assertThat(unreachable.getReportingComponent()).isEqualTo(KubeEventRecorder.COMPONENT);
            assertThat(unreachable.getReportingInstance()).isEqualTo("healer-a");
            assertThat(unreachable.getSource().getComponent()).isEqualTo(KubeEventRecorder.COMPONENT);
            assertThat(unreachable.getInvolvedObject().getKind()).isEqualTo("Node");
            Event started = events.stream().filter(e -> e.getReason().equals("RemediationStarted")).findFirst().orElseThrow();
            assertThat(started.getType()).isEqualTo("Normal");
            assertThat(started.getCount()).isEqualTo(1);
        }
    }

    @Test
    void aRepeatAfterTheWindowStartsANewEvent(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-events");
        String node = HealerAccess.unique("ev-w");
        Clock[] clock = {Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        };
        try (KubeEventRecorder recorder = KubeEventRecorder.builder(HealerAccess.healer(kube, ns)).clock(moving).aggregationWindow(Duration.ofMinutes(1)).build()) {
            recorder.record(node, "Fenced", "powered off", false);
            recorder.record(node, "Fenced", "powered off", false);
            assertThat(recorder.awaitIdle(Duration.ofSeconds(20))).isTrue();
            clock[0] = Clock.offset(clock[0], Duration.ofMinutes(2));
            recorder.record(node, "Fenced", "powered off", false);
            assertThat(recorder.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(events(kube, node)).extracting(Event::getCount).containsExactlyInAnyOrder(2, 1);
            assertThat(events(kube, node)).extracting(Event::getLastTimestamp)
                    .containsExactlyInAnyOrder("2026-03-01T10:00:00Z", "2026-03-01T10:02:00Z");
        }
    }

    @Test
    void aFailureIsLoggedNeverThrown(KubeTestbed kube) {
        String ns = HealerAccess.unique("sh-events-none");
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        KubeEventRecorder recorder = KubeEventRecorder.builder(kube.serviceAccountClient(ns, "nobody")).build();
        String node = HealerAccess.unique("ev-none");

        recorder.record(node, "NodeUnreachable", "forbidden to say so", true);
        assertThat(recorder.awaitIdle(Duration.ofSeconds(20))).isTrue();
        recorder.close();
        recorder.record(node, "AfterClose", "dropped", false);

        assertThat(events(kube, node)).isEmpty();
    }

    private static List<Event> events(KubeTestbed kube, String node) {
        return kube.client().v1().events().inNamespace(KubeEventRecorder.NAMESPACE).withField("involvedObject.name", node).list().getItems();
    }
}
