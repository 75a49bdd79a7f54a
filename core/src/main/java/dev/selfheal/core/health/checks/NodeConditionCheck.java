package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Problem conditions, node-problem-detector style ({@code True} = problem, which also holds for the
 * kubelet's {@code DiskPressure} and the network's {@code NetworkUnavailable}), True for {@code unhealthyAfter}
 * or longer: {@link Symptom#OS_CONDITION} with attribute {@code condition=<type>} (the longest-lasting one)
 * and {@code conditions=<every True type>}, since that condition's last transition (its last heartbeat, or
 * the node's creation, when absent). SUSPECT with {@code recheckAt = since + unhealthyAfter} before that.
 *
 * @param conditionTypes the problem condition types (0 to 64, none turns the check off; not blank, not
 *                       {@code Ready}, not a component or agent escalation condition: those belong to
 *                       {@link AgentReportCheck})
 * @param unhealthyAfter how long a problem condition may be True before the node is unhealthy (0 s to 24 h)
 */
public record NodeConditionCheck(Set<String> conditionTypes, Duration unhealthyAfter) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "node-conditions";
    /** The default problem condition types. */
    public static final Set<String> DEFAULT_CONDITION_TYPES = Set.of("KernelDeadlock", "ReadonlyFilesystem",
            "DiskPressure", "NetworkUnavailable", "FrequentKubeletRestart", "FrequentContainerdRestart");
    /** The most condition types one check accepts. */
    public static final int MAX_CONDITION_TYPES = 64;

    /** Validates and copies. */
    public NodeConditionCheck {
        String problem = typesProblem("NodeConditionCheck.conditionTypes", conditionTypes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        conditionTypes = Set.copyOf(conditionTypes);
        Judging.requireBetween("NodeConditionCheck.unhealthyAfter", unhealthyAfter, Duration.ZERO,
                Judging.MAX_THRESHOLD);
    }

    /** The check over {@link #DEFAULT_CONDITION_TYPES}. */
    public NodeConditionCheck(Duration unhealthyAfter) {
        this(DEFAULT_CONDITION_TYPES, unhealthyAfter);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.OS;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        ConditionView first = null;
        Instant firstSince = null;
        List<String> trueTypes = null;
        for (ConditionView c : node.conditions()) {
            if (c.isTrue() && conditionTypes.contains(c.type())) {
                Instant since = sinceOf(c, node, now);
                if (first == null || since.isBefore(firstSince)) {
                    first = c;
                    firstSince = since;
                }
                trueTypes = trueTypes == null ? new ArrayList<>(2) : trueTypes;
                trueTypes.add(c.type());
            }
        }
        if (first == null) {
            return Verdict.healthy(NAME, node.name());
        }
        String what = first.type() + "=True" + NodeStartupCheck.reasonOf(first);
        return Judging.overDuration(NAME, node.name(), Symptom.OS_CONDITION, what, firstSince, unhealthyAfter, now)
                .with("condition", first.type())
                .with("conditions", String.join(",", new LinkedHashSet<>(trueTypes)));
    }

    private static Instant sinceOf(ConditionView c, NodeView node, Instant now) {
        if (c.lastTransition() != null) {
            return c.lastTransition();
        }
        return c.lastHeartbeat() != null ? c.lastHeartbeat() : NodeDown.createdOr(node, now);
    }

    /** The problem with a set of condition types, or null when it is valid. */
    static String typesProblem(String param, Set<String> types) {
        if (types == null || types.size() > MAX_CONDITION_TYPES) {
            return param + " must hold between 0 and " + MAX_CONDITION_TYPES + " condition types, was "
                    + (types == null ? "null" : types.size() + " " + types);
        }
        for (String t : types) {
            if (t == null || t.isBlank()) {
                return param + " must not hold a blank condition type, was " + types;
            }
            if (t.equals("Ready") || t.equals(AgentConditions.ESCALATION)
                    || Component.ofConditionType(t).isPresent()) {
                return param + " must not hold " + t + " (Ready, component and agent escalation conditions"
                        + " are judged by their own checks), was " + types;
            }
        }
        return null;
    }
}
