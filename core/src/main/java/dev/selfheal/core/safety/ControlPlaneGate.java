package dev.selfheal.core.safety;

import dev.selfheal.core.config.ControlPlaneSettings;
import dev.selfheal.core.config.NodeSelector;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import java.util.Optional;

/**
 * Never more than one control-plane node (a node of {@code gates.controlPlane.nodeSelector}) in remediation at a
 * time: a control-plane node waits while another one's remediation is in progress. The etcd quorum is guarded step
 * by step ({@link EtcdQuorumGate}), so a restart by the agent is never held for it.
 */
public final class ControlPlaneGate implements Gate {

    /** This gate's name. */
    public static final String NAME = "control-plane";

    private final NodeSelector selector;

    /** The gate for kubeadm's control-plane label. */
    public ControlPlaneGate() {
        this(ControlPlaneSettings.defaults());
    }

    /** @param settings the control-plane rules */
    public ControlPlaneGate(ControlPlaneSettings settings) {
        this.selector = settings.nodeSelector();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        NodeView node = input.node();
        if (!selector.matches(node.labels())) {
            return GateDecision.allow(name());
        }
        Optional<Remediation> other = input.active().stream().filter(r -> !r.node().equals(node.name()))
                .filter(r -> input.snapshot().node(r.node()).map(n -> selector.matches(n.labels())).orElse(false))
                .findFirst();
        return other.map(r -> GateDecision.deny(name(), "control-plane node " + r.node() + " is under remediation ("
                + r.id() + "); one control-plane node at a time (gates.controlPlane.nodeSelector " + selector + ")"))
                .orElse(GateDecision.allow(name()));
    }
}
