package dev.selfheal.core.health;

/**
 * The contract between the node agent and the cluster healer, all through the Kubernetes API:
 * <ul>
 *   <li><b>Heartbeat</b>: the agent renews the Lease {@code <namespace>/selfheal-agent-<node>} (holder = node
 *       name) every {@link #HEARTBEAT_INTERVAL_SECONDS} s with a duration of {@link #HEARTBEAT_DURATION_SECONDS} s,
 *       so the healer tells "node alive, kubelet dead" from "node unreachable".</li>
 *   <li><b>Component health</b>: for each supervised component the agent sets the node condition
 *       {@link Component#conditionType()} ({@code True} = unhealthy, reason and message say why).</li>
 *   <li><b>OS health</b>: node-problem-detector condition types ({@code KernelDeadlock},
 *       {@code ReadonlyFilesystem}, {@code DiskPressure}, {@code InodePressure}, {@code ClockSkew}, ...).</li>
 *   <li><b>Escalation</b>: when restarts of a component do not help, the agent sets the condition
 *       {@link #ESCALATION_CONDITION} to {@code True} with the component in its reason.</li>
 *   <li><b>Restart request</b>: the healer asks the agent to restart a component by annotating the Node
 *       {@link #RESTART_REQUEST_ANNOTATION}{@code =<component-id>/<request-id>}; the agent performs it once and
 *       answers with {@link #RESTART_ACK_ANNOTATION}{@code =<request-id>/<outcome>} ({@code done} or {@code failed}).</li>
 * </ul>
 */
public final class AgentProtocol {

    /** The default namespace of agent heartbeat Leases and of the healer's own objects. */
    public static final String DEFAULT_NAMESPACE = "selfheal-system";
    /** Prefix of an agent heartbeat Lease; the node name follows. */
    public static final String AGENT_LEASE_PREFIX = "selfheal-agent-";
    /** Seconds between agent heartbeats. */
    public static final int HEARTBEAT_INTERVAL_SECONDS = 2;
    /** The duration an agent Lease is valid. */
    public static final int HEARTBEAT_DURATION_SECONDS = 10;
    /** The condition the agent sets when it gives up restarting a component. */
    public static final String ESCALATION_CONDITION = "SelfhealAgentEscalation";
    /** The Node annotation through which the healer asks for a component restart. */
    public static final String RESTART_REQUEST_ANNOTATION = "selfheal.dev/restart-request";
    /** The Node annotation through which the agent answers a restart request. */
    public static final String RESTART_ACK_ANNOTATION = "selfheal.dev/restart-ack";

    private AgentProtocol() {
    }

    /** The agent Lease name for a node. */
    public static String agentLeaseName(String node) {
        return AGENT_LEASE_PREFIX + node;
    }

    /** The node of an agent Lease name, or null when the name is not an agent Lease's. */
    public static String nodeOfAgentLease(String leaseName) {
        return leaseName.startsWith(AGENT_LEASE_PREFIX) ? leaseName.substring(AGENT_LEASE_PREFIX.length()) : null;
    }

    /**
     * The agent's answer to a restart request, read from the Node's annotations: {@code done} or {@code failed},
     * or empty when the agent has not answered this request (an answer to an older request does not count).
     */
    public static java.util.Optional<String> restartAnswer(java.util.Map<String, String> annotations, String requestId) {
        String ack = annotations == null ? null : annotations.get(RESTART_ACK_ANNOTATION);
        if (ack == null) {
            return java.util.Optional.empty();
        }
        int slash = ack.lastIndexOf('/');
        if (slash <= 0 || !ack.substring(0, slash).equals(requestId)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ack.substring(slash + 1));
    }
}
