package dev.selfheal.agent.runtime;


/** How a component runs on the node, and so how the agent starts, watches and restarts it. */
public enum RuntimeKind {
    /** A systemd unit, driven with {@code systemctl}. */
    SYSTEMD,
    /** A plain process the agent spawns, watches and restarts itself. */
    PROCESS,
    /** A static pod: a manifest in the kubelet's manifest directory. */
    STATIC_POD
}
