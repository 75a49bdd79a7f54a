package dev.selfheal.core.recovery;

import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.FencingInvariant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deletes the dead node's Node object (which releases anything still bound to it, so the node must be
 * confirmed fenced) and waits for its replacement to join Ready: a node whose providerID names the
 * replacement machine, or, when the replacement is not known by id, any new Ready node that registered after the
 * replacement was asked for ({@link Remediation#replacedAt()}; without a replace, after the remediation started).
 */
public final class RemoveNodeStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "remove-node";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public boolean applies(StepView view) {
        return view.remediation().isFenced();
    }

    @Override
    public Remediation act(StepContext ctx) {
        FencingInvariant.requireFenced(ctx.remediation());
        if (ctx.node().isPresent()) {
            ctx.cluster().deleteNode(ctx.remediation().node());
        }
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepView view) {
        Remediation r = view.remediation();
        boolean oldGone = view.node().map(n -> !n.uid().equals(r.nodeUid())).orElse(true);
        if (!oldGone) {
            return StepCheck.waiting(r, "waiting for node " + r.node() + " to be deleted");
        }
        String replacement = r.replacementId();
        // A Node's creationTimestamp has whole seconds: one created in the second the replacement was asked for counts.
        Instant since = (r.replacedAt() != null ? r.replacedAt() : r.startedAt()).truncatedTo(ChronoUnit.SECONDS);
        boolean replacementReady = view.snapshot().allNodes().stream()
                .filter(NodeView::isReady)
                .filter(n -> !n.uid().equals(r.nodeUid()))
                .anyMatch(n -> replacement == null || "started".equals(replacement)
                        ? n.createdAt() != null && !n.createdAt().isBefore(since)
                        : n.providerId() != null && n.providerId().contains(replacement));
        return replacementReady ? StepCheck.healed(r, "replacement node joined Ready")
                : StepCheck.waiting(r, "waiting for the replacement node to join");
    }
}
