package dev.selfheal.core.config;

import java.time.Duration;

/**
 * The rules for control-plane nodes: at most one of them in remediation at a time, no step that would break etcd
 * quorum, and a control-plane component failure left to the node's agent first.
 *
 * @param nodeSelector the nodes that form the control plane (default {@code node-role.kubernetes.io/control-plane})
 * @param agentGrace how long after a control-plane component (etcd, kube-apiserver, kube-scheduler,
 *        kube-controller-manager) failed on a node with a live agent the healer leaves it to the agent's restart
 *        before it escalates past {@code restart-component} (default 2 min; {@code 0s}: no wait); also how long a
 *        single master's agent has before the node is rebooted
 */
public record ControlPlaneSettings(NodeSelector nodeSelector, Duration agentGrace) {

    /** The label kubeadm puts on control-plane nodes. */
    public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

    /** The default grace. */
    public static final Duration DEFAULT_AGENT_GRACE = Duration.ofMinutes(2);

    /** Validates both fields. */
    public ControlPlaneSettings {
        if (nodeSelector == null) {
            throw new InvalidConfigException("gates.controlPlane.nodeSelector", "is required; allowed: a node label selector such as "
                    + CONTROL_PLANE_LABEL);
        }
        Validate.duration("gates.controlPlane.agentGrace", agentGrace, Duration.ZERO, Duration.ofHours(1));
    }

    /** Settings from a selector's text and a grace. */
    public static ControlPlaneSettings of(String nodeSelector, Duration agentGrace) {
        return new ControlPlaneSettings(NodeSelector.parse("gates.controlPlane.nodeSelector", nodeSelector), agentGrace);
    }

    /** The defaults: kubeadm's control-plane label, a grace of 2 min. */
    public static ControlPlaneSettings defaults() {
        return of(CONTROL_PLANE_LABEL, DEFAULT_AGENT_GRACE);
    }
}
