package dev.selfheal.protocol;


/**
 * The agent's heartbeat: it renews the Lease {@code <namespace>/selfheal-agent-<node>} (holder = node name) every
 * {@link #INTERVAL_SECONDS} s with a duration of {@link #DURATION_SECONDS} s; the healer reads it to tell
 * "node alive, kubelet dead" from "node unreachable".
 */
public final class AgentLease {

    /** The default namespace of agent heartbeat Leases and of the healer's own objects. */
    public static final String DEFAULT_NAMESPACE = "selfheal-system";
    /** Prefix of an agent heartbeat Lease; the node name follows. */
    public static final String PREFIX = "selfheal-agent-";
    /** Seconds between agent heartbeats. */
    public static final int INTERVAL_SECONDS = 2;
    /** The duration an agent Lease is valid. */
    public static final int DURATION_SECONDS = 10;

    private AgentLease() {
    }

    /** The agent Lease name for a node. */
    public static String nameOf(String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node must be a node name, got '" + node + "'");
        }
        return PREFIX + node;
    }

    /** The node of an agent Lease name, or null when the name is not an agent Lease's. */
    public static String nodeOf(String leaseName) {
        return leaseName != null && leaseName.startsWith(PREFIX) && leaseName.length() > PREFIX.length()
                ? leaseName.substring(PREFIX.length()) : null;
    }
}
