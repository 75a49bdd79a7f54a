package dev.selfheal.core.safety;

import dev.selfheal.core.health.NodeView;

/**
 * Control-plane safety: never more than one control-plane node under remediation at a time, and never a
 * remediation that could take down a control-plane node still counted healthy when losing it would break
 * etcd quorum (a majority of control-plane nodes Ready).
 */
public final class ControlPlaneGate implements Gate {

    @Override
    public String name() {
        return "control-plane";
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        NodeView node = input.node();
        if (!node.isControlPlane()) {
            return GateDecision.allow(name());
        }
        boolean anotherRunning = input.active().stream().anyMatch(r -> input.snapshot().node(r.node())
                .map(NodeView::isControlPlane).orElse(false));
        if (anotherRunning) {
            return GateDecision.deny(name(), "another control-plane node is under remediation");
        }
        long total = input.snapshot().allNodes().stream().filter(NodeView::isControlPlane).count();
        long ready = input.snapshot().allNodes().stream().filter(n -> n.isControlPlane() && n.isReady()).count();
        long quorum = total / 2 + 1;
        long readyAfter = node.isReady() ? ready - 1 : ready;
        if (total > 1 && readyAfter < quorum) {
            return GateDecision.deny(name(), "remediating control-plane node " + node.name() + " would leave " + readyAfter
                    + " of " + total + " control-plane nodes Ready, below the etcd quorum of " + quorum);
        }
        return GateDecision.allow(name());
    }
}
