package dev.selfheal.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.report.AgentReporter;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.supervise.ComponentHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's metric families from a status, and what liveness and readiness mean. */
class AgentMetricsTest {

    private static final Instant T = Instant.parse("2026-11-30T12:00:00.500Z");

    private static ComponentHealth kubelet(ComponentHealth.State state, long restarts, boolean escalated, long escalations) {
        return new ComponentHealth("kubelet", state, T, "secret-looking detail", 2, T, escalated, restarts, escalations);
    }

    @Test
    void writesComponentsConditionsRequestsAndReporting() {
        AgentStatus s = new AgentStatus(List.of(kubelet(ComponentHealth.State.UNHEALTHY, 7, true, 1)),
                List.of(new ConditionBoard.Entry("KubeletUnhealthy", true, "ProbeFailed", "detail", T)),
                new AgentReporter.Stats(12, 3, T, "cannot renew: token=abc"), Map.of("done", 2L), List.of(), List.of());
        String text = AgentMetrics.text(s);
        assertThat(text).contains("selfheal_agent_ready 1\n")
                .contains("selfheal_agent_component_up{component=\"kubelet\"} 0\n")
                .contains("selfheal_agent_component_state{component=\"kubelet\",state=\"unhealthy\"} 1\n")
                .contains("selfheal_agent_component_state{component=\"kubelet\",state=\"healthy\"} 0\n")
                .contains("selfheal_agent_component_state{component=\"kubelet\",state=\"unknown\"} 0\n")
                .contains("selfheal_agent_component_restarts_total{component=\"kubelet\"} 7\n")
                .contains("selfheal_agent_component_restarts_in_window{component=\"kubelet\"} 2\n")
                .contains("selfheal_agent_component_escalated{component=\"kubelet\"} 1\n")
                .contains("selfheal_agent_escalations_total{component=\"kubelet\"} 1\n")
                .contains("selfheal_agent_node_condition{type=\"KubeletUnhealthy\"} 1\n")
                .contains("selfheal_agent_restart_requests_total{outcome=\"done\"} 2\n")
                .contains("selfheal_agent_restart_requests_total{outcome=\"failed\"} 0\n")
                .contains("selfheal_agent_restart_requests_total{outcome=\"unknown-component\"} 0\n")
                .contains("selfheal_agent_reporting_enabled 1\n")
                .contains("selfheal_agent_heartbeats_total 12\n")
                .contains("selfheal_agent_report_failures_total 3\n")
                .contains("selfheal_agent_heartbeat_last_success_timestamp_seconds 1.7960400005E9\n")
                .doesNotContain("secret-looking").doesNotContain("token").doesNotContain("detail");
    }

    @Test
    void reportingOffWritesNoReportingCounters() {
        AgentStatus s = new AgentStatus(List.of(kubelet(ComponentHealth.State.HEALTHY, 0, false, 0)), List.of(), null,
                Map.of(), List.of(), List.of());
        assertThat(AgentMetrics.text(s)).contains("selfheal_agent_reporting_enabled 0\n")
                .contains("selfheal_agent_component_up{component=\"kubelet\"} 1\n")
                .doesNotContain("selfheal_agent_heartbeats_total").doesNotContain("heartbeat_last_success");
    }

    @Test
    void aPendingFirstRoundIsNotReadyAndAStalledLoopIsNeitherAliveNorReady() {
        AgentStatus pending = new AgentStatus(List.of(), List.of(), null, Map.of(), List.of("kubelet"), List.of());
        assertThat(pending.alive()).isTrue();
        assertThat(pending.ready()).isFalse();
        assertThat(AgentMetrics.text(pending)).contains("selfheal_agent_ready 0\n");
        AgentStatus stalled = new AgentStatus(List.of(), List.of(), null, Map.of(), List.of(), List.of("kubelet: no round"));
        assertThat(stalled.alive()).isFalse();
        assertThat(stalled.ready()).isFalse();
    }
}
