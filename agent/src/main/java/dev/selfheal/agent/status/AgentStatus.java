package dev.selfheal.agent.status;

import dev.selfheal.agent.report.AgentReporter;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.supervise.ComponentHealth;
import java.util.List;
import java.util.Map;

/**
 * What the status endpoint shows, taken at once from the running agent. Holds no credential and no probe or
 * API server text: component ids, states, counts, condition types and instants only.
 *
 * @param components every supervised component's health
 * @param conditions the node conditions as the agent wants them (OS checks, components, escalation)
 * @param report what reporting achieved, or null when reporting is off
 * @param restartRequests the healer's restart requests answered, by outcome ({@code done}, {@code failed},
 *                        {@code unknown-component})
 * @param firstRoundPending components whose first supervision round has not completed yet
 * @param stalled components whose supervision has not completed a round within the liveness bound, with what
 *                is known ("kubelet: no round for 93 s")
 */
public record AgentStatus(List<ComponentHealth> components, List<ConditionBoard.Entry> conditions, AgentReporter.Stats report,
                          Map<String, Long> restartRequests, List<String> firstRoundPending, List<String> stalled) {

    /** Copies. */
    public AgentStatus {
        components = List.copyOf(components);
        conditions = List.copyOf(conditions);
        restartRequests = Map.copyOf(restartRequests);
        firstRoundPending = List.copyOf(firstRoundPending);
        stalled = List.copyOf(stalled);
    }

    /** Alive: every component's supervision completed a round recently. */
    public boolean alive() {
        return stalled.isEmpty();
    }

    /** Ready: alive, and every component's first supervision round is done. Reporting is shown, not required. */
    public boolean ready() {
        return alive() && firstRoundPending.isEmpty();
    }
}
