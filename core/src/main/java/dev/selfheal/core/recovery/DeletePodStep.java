package dev.selfheal.core.recovery;

import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.remediation.Remediation;

/**
 * The pod-layer step: deletes the node's crash-looping pods once so their controllers recreate them
 * (fresh volumes mounts, fresh scheduling); heals when the node is judged healthy again.
 */
public final class DeletePodStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "delete-pod";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return false;
    }

    @Override
    public boolean applies(StepView view) {
        return view.snapshot().pods(view.remediation().node()).stream().anyMatch(DeletePodStep::crashLooping);
    }

    @Override
    public Remediation act(StepContext ctx) {
        ctx.snapshot().pods(ctx.remediation().node()).stream().filter(DeletePodStep::crashLooping)
                .filter(p -> p.ownerKind() != null)
                .forEach(p -> ctx.cluster().deletePod(p.namespace(), p.name()));
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepView view) {
        return view.healthy() ? StepCheck.healed(view.remediation(), "no crash-looping pod left")
                : StepCheck.waiting(view.remediation(), "waiting for recreated pods");
    }

    private static boolean crashLooping(PodView p) {
        return p.containers().stream().map(ContainerView::waitingReason).anyMatch("CrashLoopBackOff"::equals);
    }
}
