package dev.selfheal.core.safety;

import dev.selfheal.core.config.ControlPlaneSettings;
import dev.selfheal.protocol.Component;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A control-plane component's failure is the agent's first: when etcd, kube-apiserver, kube-scheduler or
 * kube-controller-manager failed on a control-plane node whose agent heartbeats, every step past
 * {@code restart-component} (the restart the agent performs) is held until {@code gates.controlPlane.agentGrace}
 * has passed since the node became unhealthy. With a silent agent nobody restarts the component, and the ladder
 * goes on at once.
 */
public final class AgentFirstGate implements StepGate {

    /** This gate's name. */
    public static final String NAME = "agent-first";

    /** The components of the control plane. */
    public static final Set<Component> CONTROL_PLANE = EnumSet.of(Component.ETCD, Component.KUBE_APISERVER,
            Component.KUBE_SCHEDULER, Component.KUBE_CONTROLLER_MANAGER);

    private final ControlPlaneSettings settings;

    /** @param settings the control-plane rules */
    public AgentFirstGate(ControlPlaneSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepGateDecision evaluate(StepGateInput in) {
        Optional<Component> failed = Optional.ofNullable(in.remediation().component()).flatMap(Component::ofId)
                .filter(CONTROL_PLANE::contains);
        boolean controlPlane = in.node().map(n -> settings.nodeSelector().matches(n.labels())).orElse(false);
        if (failed.isEmpty() || !controlPlane || "restart-component".equals(in.step()) || !in.agentAlive()) {
            return StepGateDecision.act(NAME);
        }
        Instant until = in.unhealthySince().plus(settings.agentGrace());
        if (!in.now().isBefore(until)) {
            return StepGateDecision.act(NAME);
        }
        return StepGateDecision.hold(NAME, "holding " + in.step() + " of control-plane node " + in.remediation().node() + ": "
                + failed.get().id() + " failed there and its agent is alive; the agent restarts it first, until " + until
                + " (gates.controlPlane.agentGrace " + settings.agentGrace() + ")", until);
    }
}
