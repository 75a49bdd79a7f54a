package dev.selfheal.protocol;

import java.util.Optional;

/**
 * The node conditions the agent sets (node-problem-detector style: {@code True} means a problem):
 * <ul>
 *   <li>per supervised component, {@link Component#conditionType()}, with reason and message saying why;</li>
 *   <li>OS health under node-problem-detector's condition types ({@code KernelDeadlock},
 *       {@code ReadonlyFilesystem}, {@code DiskPressure}, {@code InodePressure}, {@code ClockSkew}, ...);</li>
 *   <li>{@link #ESCALATION} when restarts of a component do not help, with the component's {@link Component#id()}
 *       as its reason ({@link #escalationReason(Component)} writes it, {@link #escalatedComponent(String)} reads
 *       it).</li>
 * </ul>
 */
public final class AgentConditions {

    /** The condition the agent sets when it gives up restarting a component. */
    public static final String ESCALATION = "SelfhealAgentEscalation";

    private AgentConditions() {
    }

    /** The reason of an {@link #ESCALATION} condition that names this component. */
    public static String escalationReason(Component component) {
        return component.id();
    }

    /** The component an {@link #ESCALATION} condition's reason names, or empty (see {@link ComponentOrder#parseReason}). */
    public static Optional<Component> escalatedComponent(String reason) {
        return ComponentOrder.parseReason(reason);
    }

    /** The component whose unhealthy condition this type is, or empty for an OS or foreign condition. */
    public static Optional<Component> componentOf(String conditionType) {
        return Component.ofConditionType(conditionType);
    }
}
