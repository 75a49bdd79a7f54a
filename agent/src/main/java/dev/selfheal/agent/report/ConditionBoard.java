package dev.selfheal.agent.report;

import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.ComponentOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node conditions the agent wants the cluster to see (node-problem-detector style: True = problem), kept
 * locally by the supervisors and OS checks and sent by the {@link AgentReporter} when it can. Tracks transition
 * times and a version that moves on every change. The escalation condition
 * ({@link AgentConditions#ESCALATION}) is derived: True while any component is escalated, its reason the
 * lowest such component in {@link ComponentOrder#ORDER}.
 */
public final class ConditionBoard {

    /**
     * One condition.
     *
     * @param type condition type
     * @param problem True (a problem) or False
     * @param reason CamelCase reason
     * @param message human-readable message
     * @param lastTransition when {@code problem} last changed
     */
    public record Entry(String type, boolean problem, String reason, String message, Instant lastTransition) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<Component, String> escalated = new EnumMap<>(Component.class);
    private long version;

    /** A board stamping transitions with {@code clock}. */
    public ConditionBoard(Clock clock) {
        this.clock = clock;
    }

    /** Sets a condition; a no-op when nothing changed. */
    public synchronized void set(String type, boolean problem, String reason, String message) {
        Entry old = entries.get(type);
        if (old != null && old.problem() == problem && old.reason().equals(reason) && old.message().equals(message)) {
            return;
        }
        Instant transition = old != null && old.problem() == problem ? old.lastTransition() : clock.instant();
        entries.put(type, new Entry(type, problem, reason, message, transition));
        version++;
    }

    /** Marks a component escalated (or no longer) and updates the escalation condition. */
    public synchronized void escalation(Component component, boolean on, String message) {
        boolean changed = on ? !message.equals(escalated.put(component, message)) : escalated.remove(component) != null;
        if (!changed && entries.containsKey(AgentConditions.ESCALATION)) {
            return;
        }
        Optional<Component> first = escalated.keySet().stream().min(ComponentOrder.ROOT_CAUSE_FIRST);
        if (first.isPresent()) {
            set(AgentConditions.ESCALATION, true, AgentConditions.escalationReason(first.get()), escalated.get(first.get()));
        } else {
            set(AgentConditions.ESCALATION, false, "NoEscalation", "restarts keep every component healthy");
        }
    }

    /** A copy of every condition. */
    public synchronized Map<String, Entry> snapshot() {
        return Map.copyOf(entries);
    }

    /** One condition. */
    public synchronized Optional<Entry> get(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    /** Moves on every change. */
    public synchronized long version() {
        return version;
    }
}
