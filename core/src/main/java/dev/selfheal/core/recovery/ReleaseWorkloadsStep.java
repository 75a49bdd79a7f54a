package dev.selfheal.core.recovery;

import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.FencingInvariant;
import dev.selfheal.spi.Capability;
import java.util.List;

/**
 * Releases a fenced node's workloads so their controllers run them elsewhere: the
 * {@code node.kubernetes.io/out-of-service} taint (where supported Kubernetes then deletes the pods and
 * detaches their volumes; everywhere it keeps new pods off the fenced node), plus, in every mode but
 * {@code OUT_OF_SERVICE_TAINT}, immediate force-deletion of the pods and of the VolumeAttachments; plus the
 * provider's volume detachment where offered. Refuses, through {@link FencingInvariant}, a node that is not
 * confirmed fenced.
 */
public final class ReleaseWorkloadsStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "release";

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
        return view.remediation().isFenced() && view.node().isPresent();
    }

    @Override
    public Remediation act(StepContext ctx) {
        Remediation r = ctx.remediation();
        FencingInvariant.requireFenced(r);
        String node = r.node();
        // The taint also keeps the scheduler from placing the replacement pods back on the fenced node, which
        // still looks Ready until the node controller's grace period ends; it goes when the node is healthy again.
        ctx.cluster().addTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT, "nodeshutdown", "NoExecute");
        if (forceDelete(ctx)) {
            ctx.cluster().forceDeletePods(node);
            ctx.cluster().deleteVolumeAttachments(node);
        }
        if (ctx.view().supports(Capability.DETACH_VOLUMES)) {
            ctx.gateway().detachVolumes(ctx.machine().orElseThrow(), ctx.limit());
        }
        return r;
    }

    @Override
    public StepCheck verify(StepView view) {
        String node = view.remediation().node();
        List<PodView> left = view.snapshot().pods(node).stream().filter(p -> !p.isDaemonSetPod() && !p.isFinished()).toList();
        int attachments = view.snapshot().attachments(node).size();
        if (left.isEmpty() && attachments == 0) {
            return StepCheck.done(view.remediation(), "workloads released from " + node);
        }
        return StepCheck.waiting(view.remediation(), left.size() + " pod(s) and " + attachments
                + " volume attachment(s) still on " + node);
    }

    /**
     * Whether to force-delete the node's pods and VolumeAttachments as well: always except in
     * OUT_OF_SERVICE_TAINT mode. With the taint alone Kubernetes deletes the pods only once the node is NotReady
     * (the node monitor grace period, 50 s by default); the machine is confirmed fenced, so waiting buys nothing.
     */
    private static boolean forceDelete(StepContext ctx) {
        return ctx.settings().releaseMode() != ReleaseMode.OUT_OF_SERVICE_TAINT;
    }

}
