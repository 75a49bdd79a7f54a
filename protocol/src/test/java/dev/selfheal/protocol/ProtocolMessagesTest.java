package dev.selfheal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each message reads back what its own class writes, and refuses or ignores what it did not write. */
class ProtocolMessagesTest {

    @Test
    void aRestartRequestIsWrittenAndReadBackAndPendingUntilAnswered() {
        RestartRequest r = RestartRequest.of(Component.CONTAINER_RUNTIME, "req-7");
        assertThat(r.value()).isEqualTo("container-runtime/req-7");
        assertThat(RestartRequest.parse(r.value())).contains(r);
        Map<String, String> asked = Map.of(RestartRequest.ANNOTATION, r.value());
        assertThat(RestartRequest.pending(asked)).contains(r);
        Map<String, String> answered = Map.of(RestartRequest.ANNOTATION, r.value(),
                RestartAck.ANNOTATION, RestartAck.of(r, true).value());
        assertThat(RestartRequest.pending(answered)).isEmpty();
        Map<String, String> olderAnswer = Map.of(RestartRequest.ANNOTATION, r.value(), RestartAck.ANNOTATION, "req-6/done");
        assertThat(RestartRequest.pending(olderAnswer)).contains(r);
        assertThat(RestartRequest.parse("kubelet")).isEmpty();
        assertThat(RestartRequest.parse("/req")).isEmpty();
        assertThat(RestartRequest.parse("kubelet/")).isEmpty();
        assertThat(RestartRequest.pending(null)).isEmpty();
        assertThatThrownBy(() -> new RestartRequest("kube/let", "r")).hasMessageContaining("component");
    }

    @Test
    void anAcknowledgementAnswersOnlyItsOwnRequest() {
        RestartRequest r = new RestartRequest("kubelet", "r1");
        RestartAck failed = RestartAck.of(r, false);
        assertThat(failed.value()).isEqualTo("r1/failed");
        assertThat(RestartAck.parse(failed.value())).contains(failed);
        assertThat(RestartAck.answerTo(Map.of(RestartAck.ANNOTATION, "r1/done"), "r1")).contains(RestartAck.DONE);
        assertThat(RestartAck.answerTo(Map.of(RestartAck.ANNOTATION, "r0/done"), "r1")).isEmpty();
        assertThat(RestartAck.answerTo(Map.of(), "r1")).isEmpty();
        assertThat(RestartAck.answerTo(null, "r1")).isEmpty();
        assertThat(RestartAck.parse("done")).isEmpty();
    }

    @Test
    void theHeartbeatLeaseNameCarriesTheNode() {
        assertThat(AgentLease.nameOf("worker-1")).isEqualTo("selfheal-agent-worker-1");
        assertThat(AgentLease.nodeOf(AgentLease.nameOf("worker-1"))).isEqualTo("worker-1");
        assertThat(AgentLease.nodeOf("selfheal-leader")).isNull();
        assertThat(AgentLease.nodeOf(AgentLease.PREFIX)).isNull();
        assertThatThrownBy(() -> AgentLease.nameOf(" ")).hasMessageContaining("node");
    }

    @Test
    void anEscalationNamesItsComponentInItsReason() {
        for (Component c : Component.values()) {
            assertThat(AgentConditions.escalatedComponent(AgentConditions.escalationReason(c))).contains(c);
            assertThat(AgentConditions.componentOf(c.conditionType())).contains(c);
        }
        assertThat(AgentConditions.componentOf("KernelDeadlock")).isEmpty();
        assertThat(AgentConditions.escalatedComponent(null)).isEmpty();
    }
}
