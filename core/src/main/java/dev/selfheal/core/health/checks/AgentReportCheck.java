package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.ComponentOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the node agent reports ({@link dev.selfheal.protocol}), first rule that matches:
 * <ol>
 *   <li>no agent Lease: no agent is deployed on the node, HEALTHY without evidence;</li>
 *   <li>agent Lease not renewed for {@code silentAfter} or longer: UNHEALTHY {@link Symptom#AGENT_SILENT}, since
 *       the last renewal (the agent's component conditions are stale then and are not read);</li>
 *   <li>{@link AgentConditions#ESCALATION} True: UNHEALTHY {@link Symptom#AGENT_ESCALATION}, since its
 *       last transition, with attribute {@code component} parsed from the reason (see
 *       {@link ComponentOrder#parseReason}; else the first component down, else no attribute);</li>
 *   <li>a {@link Component#conditionType()} True: UNHEALTHY {@link Symptom#COMPONENT_DOWN}, since its last
 *       transition, with attribute {@code component=<id>} of the first in {@link ComponentOrder#ORDER}; the
 *       agent already waited and retried before setting it, so no further threshold applies here;</li>
 *   <li>agent Lease not renewed for longer than its own duration: SUSPECT {@link Symptom#AGENT_SILENT} with
 *       {@code recheckAt = renewal + silentAfter};</li>
 *   <li>otherwise HEALTHY, with {@code recheckAt} = when the Lease would run out.</li>
 * </ol>
 * Rules 3 and 4 add {@code components=<ids of every component down>} when any is.
 *
 * @param silentAfter how long the agent Lease may go unrenewed before the agent counts as silent (4 s, two
 *                    heartbeat intervals, to 24 h)
 */
public record AgentReportCheck(Duration silentAfter) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "agent-report";
    /** The shortest {@code silentAfter}: two agent heartbeat intervals. */
    public static final Duration MIN_SILENT_AFTER = Duration.ofSeconds(2L * AgentLease.INTERVAL_SECONDS);

    private static final Map<String, Component> BY_CONDITION = Map.copyOf(
            java.util.Arrays.stream(Component.values()).collect(Collectors.toMap(Component::conditionType, c -> c)));

    /** Validates. */
    public AgentReportCheck {
        Judging.requireBetween("AgentReportCheck.silentAfter", silentAfter, MIN_SILENT_AFTER, Judging.MAX_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.COMPONENTS;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        LeaseView lease = snapshot.agentLeases().get(node.name());
        if (lease == null) {
            return Verdict.healthy(NAME, node.name());
        }
        Instant last = lease.renewTime() != null ? lease.renewTime() : NodeDown.createdOr(node, now);
        if (!now.isBefore(last.plus(silentAfter))) {
            return silent(node, last, now);
        }
        Verdict report = componentReport(node, now);
        if (report != null) {
            return report;
        }
        Duration valid = lease.duration() != null && !lease.duration().isZero()
                ? lease.duration() : Duration.ofSeconds(AgentLease.DURATION_SECONDS);
        Instant late = last.plus(valid.compareTo(silentAfter) < 0 ? valid : silentAfter);
        return now.isBefore(late) ? Judging.healthyUntil(NAME, node.name(), late) : silent(node, last, now);
    }

    private Verdict silent(NodeView node, Instant last, Instant now) {
        return Judging.overDuration(NAME, node.name(), Symptom.AGENT_SILENT, "agent Lease not renewed", last,
                silentAfter, now);
    }

    private static Verdict componentReport(NodeView node, Instant now) {
        ConditionView escalation = null;
        EnumMap<Component, ConditionView> down = null;
        for (ConditionView c : node.conditions()) {
            if (!c.isTrue()) {
                continue;
            }
            Component comp = BY_CONDITION.get(c.type());
            if (comp != null) {
                down = down == null ? new EnumMap<>(Component.class) : down;
                down.put(comp, c);
            } else if (c.type().equals(AgentConditions.ESCALATION)) {
                escalation = c;
            }
        }
        if (escalation == null && down == null) {
            return null;
        }
        List<Component> ordered = new ArrayList<>(down == null ? List.of() : down.keySet());
        ordered.sort(ComponentOrder.ROOT_CAUSE_FIRST);
        Verdict v = escalation != null
                ? escalated(node, escalation, ordered, now)
                : componentDown(node, ordered.get(0), down.get(ordered.get(0)), now);
        if (!ordered.isEmpty()) {
            v = v.with("components", ordered.stream().map(Component::id).collect(Collectors.joining(",")));
        }
        return v;
    }

    private static Verdict escalated(NodeView node, ConditionView escalation, List<Component> down, Instant now) {
        Optional<Component> named = AgentConditions.escalatedComponent(escalation.reason());
        Optional<Component> component = named.isPresent() ? named : down.stream().findFirst();
        String evidence = "the agent escalated " + component.map(Component::id).orElse("an unnamed component")
                + " (" + AgentConditions.ESCALATION + "=True" + NodeStartupCheck.reasonOf(escalation) + ")";
        Verdict v = Verdict.unhealthy(NAME, node.name(), Symptom.AGENT_ESCALATION, evidence, sinceOf(escalation, now));
        return component.map(c -> v.with("component", c.id())).orElse(v);
    }

    private static Verdict componentDown(NodeView node, Component component, ConditionView condition, Instant now) {
        String evidence = "the agent reports " + component.id() + " down (" + condition.type() + "=True"
                + NodeStartupCheck.reasonOf(condition) + ") since " + sinceOf(condition, now);
        return Verdict.unhealthy(NAME, node.name(), Symptom.COMPONENT_DOWN, evidence, sinceOf(condition, now))
                .with("component", component.id());
    }

    private static Instant sinceOf(ConditionView c, Instant now) {
        if (c.lastTransition() != null) {
            return c.lastTransition();
        }
        return c.lastHeartbeat() != null ? c.lastHeartbeat() : now;
    }
}
