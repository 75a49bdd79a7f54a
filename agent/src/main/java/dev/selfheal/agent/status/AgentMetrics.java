package dev.selfheal.agent.status;

import dev.selfheal.agent.report.AgentReporter;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.supervise.ComponentHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The agent's metrics ({@code selfheal_agent_*}) from an {@link AgentStatus}, in the Prometheus text format.
 * Every family is written on every scrape (per-component families once per supervised component); the
 * heartbeat timestamp only once a heartbeat was accepted, the reporting counters only when reporting is on.
 */
public final class AgentMetrics {

    /** A restart request's outcome: the component was restarted. */
    public static final String DONE = "done";
    /** A restart request's outcome: the restart failed. */
    public static final String FAILED = "failed";
    /** A restart request's outcome: it named a component this agent does not supervise. */
    public static final String UNKNOWN_COMPONENT = "unknown-component";
    private static final List<String> OUTCOMES = List.of(DONE, FAILED, UNKNOWN_COMPONENT);

    private AgentMetrics() {
    }

    /** The exposition text of this status. */
    public static String text(AgentStatus s) {
        MetricsText m = new MetricsText();
        m.family("selfheal_agent_ready", "gauge", "1 when every component's first supervision round is done");
        m.sample("selfheal_agent_ready", s.ready() ? 1 : 0);
        components(m, s);
        m.family("selfheal_agent_node_condition", "gauge", "1 when the agent reports this node condition True (a problem)");
        for (ConditionBoard.Entry c : s.conditions()) {
            m.sample("selfheal_agent_node_condition", Map.of("type", c.type()), c.problem() ? 1 : 0);
        }
        m.family("selfheal_agent_restart_requests_total", "counter", "Restart requests of the cluster healer answered, by outcome");
        for (String o : OUTCOMES) {
            m.sample("selfheal_agent_restart_requests_total", Map.of("outcome", o), s.restartRequests().getOrDefault(o, 0L));
        }
        reporting(m, s.report());
        return m.text();
    }

    private static void components(MetricsText m, AgentStatus s) {
        perComponent(m, s, "selfheal_agent_component_up", "gauge", "1 when the component's probe passes",
                h -> h.healthy() ? 1 : 0);
        m.family("selfheal_agent_component_state", "gauge", "1 for the component's state: unknown (not probed yet or "
                + "starting), healthy, unhealthy");
        for (ComponentHealth h : s.components()) {
            for (ComponentHealth.State st : ComponentHealth.State.values()) {
                m.sample("selfheal_agent_component_state", labels(h.component(), "state", st.name().toLowerCase(Locale.ROOT)),
                        h.state() == st ? 1 : 0);
            }
        }
        perComponent(m, s, "selfheal_agent_component_restarts_total", "counter",
                "Restarts and roll-backs of the component by the agent since it started", ComponentHealth::restartsTotal);
        perComponent(m, s, "selfheal_agent_component_restarts_in_window", "gauge",
                "Restarts within the component's restart window (its budget is restart.budget)", ComponentHealth::restartsInWindow);
        perComponent(m, s, "selfheal_agent_component_escalated", "gauge",
                "1 while the agent has escalated the component to the cluster healer", h -> h.escalated() ? 1 : 0);
        perComponent(m, s, "selfheal_agent_escalations_total", "counter",
                "Escalations to the cluster healer (restart budget spent) since the agent started", ComponentHealth::escalationsTotal);
    }

    private static void perComponent(MetricsText m, AgentStatus s, String name, String type, String help,
                                     ToDoubleFunction<ComponentHealth> value) {
        m.family(name, type, help);
        for (ComponentHealth h : s.components()) {
            m.sample(name, Map.of("component", h.component()), value.applyAsDouble(h));
        }
    }

    private static void reporting(MetricsText m, AgentReporter.Stats r) {
        m.family("selfheal_agent_reporting_enabled", "gauge", "1 when the agent reports to the API server");
        m.sample("selfheal_agent_reporting_enabled", r == null ? 0 : 1);
        if (r == null) {
            return;
        }
        m.family("selfheal_agent_heartbeats_total", "counter", "Heartbeat Lease renewals accepted by the API server");
        m.sample("selfheal_agent_heartbeats_total", r.heartbeats());
        m.family("selfheal_agent_report_failures_total", "counter", "Calls to the API server refused or not answered");
        m.sample("selfheal_agent_report_failures_total", r.failures());
        if (r.lastHeartbeat() != null) {
            m.family("selfheal_agent_heartbeat_last_success_timestamp_seconds", "gauge",
                    "When the API server last accepted a heartbeat, in seconds since the epoch");
            m.sample("selfheal_agent_heartbeat_last_success_timestamp_seconds", r.lastHeartbeat().toEpochMilli() / 1000.0);
        }
    }

    private static Map<String, String> labels(String component, String key, String value) {
        LinkedHashMap<String, String> l = new LinkedHashMap<>();
        l.put("component", component);
        l.put(key, value);
        return l;
    }
}
