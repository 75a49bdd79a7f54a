package dev.selfheal.core.recovery;

import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.StepEvidence;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a node is healed by a step, on evidence produced after the step acted only: the node is Ready and judged
 * healthy (no check suspects a node-level problem), its Lease in {@code kube-node-lease} was renewed after the
 * action, its agent (when it has one) heartbeated after the action, and, after a reboot or power cycle of a node
 * that reported a {@code status.nodeInfo.bootID} before, it reports another one. A Ready condition or a Lease left
 * over from before the failure is no evidence. Pure: reads the view only.
 */
public final class HealingEvidence {

    private HealingEvidence() {
    }

    /**
     * What is still missing for the node to count as healed by the current step, or empty when nothing is.
     *
     * @param view the step's view; its remediation carries the step's {@link StepEvidence}
     * @param booted whether the step boots the machine again (reboot, power-on), so the boot id must change
     */
    public static Optional<String> missing(StepView view, boolean booted) {
        StepEvidence e = view.remediation().evidence();
        if (e == null || e.actedAt() == null) {
            return Optional.of("the step has not acted yet");
        }
        Optional<NodeView> node = view.node();
        if (node.isEmpty()) {
            return Optional.of("node " + view.remediation().node() + " is gone");
        }
        if (!view.nodeHealthy()) {
            return Optional.of("node " + node.get().name() + " is not " + (node.get().isReady() ? "healthy" : "Ready"));
        }
        Instant acted = e.actedAt();
        String name = node.get().name();
        if (!renewedAfter(view.snapshot().nodeLease(name), acted)) {
            return Optional.of("node Lease not renewed since the step acted at " + acted);
        }
        if (view.snapshot().agentLease(name).isPresent()
                && !(view.agentAlive() && renewedAfter(view.snapshot().agentLease(name), acted))) {
            return Optional.of("the node's agent has not heartbeated since the step acted at " + acted);
        }
        if (booted && e.bootIdBefore() != null && (node.get().bootId() == null || e.bootIdBefore().equals(node.get().bootId()))) {
            return Optional.of("the node reports the boot id it had before (" + e.bootIdBefore() + "): it has not booted again");
        }
        return Optional.empty();
    }

    /** A human account of the evidence, for the step's detail. */
    public static String account(StepView view, boolean booted) {
        StepEvidence e = view.remediation().evidence();
        String boot = booted && e != null && e.bootIdBefore() != null ? ", boot id changed" : "";
        String agent = view.snapshot().agentLease(view.remediation().node()).isPresent() ? ", agent heartbeating" : "";
        return "node Ready and healthy, Lease renewed after the action" + agent + boot;
    }

    private static boolean renewedAfter(Optional<LeaseView> lease, Instant t) {
        return lease.map(LeaseView::renewTime).filter(r -> r.isAfter(t)).isPresent();
    }
}
