package dev.selfheal.core.recovery;

import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.FencingInvariant;
import dev.selfheal.spi.Capability;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a fenced node's workloads so their controllers run them elsewhere, in an order that never lets
 * Kubernetes' taint eviction hit a pod already recreated on a healthy node:
 * <ol>
 * <li>Selfheal's own {@code NoSchedule} taint {@value ClusterOperations#FENCED_TAINT}, so no replacement is placed
 * back on the node while it may still look Ready;</li>
 * <li>in every mode but {@code OUT_OF_SERVICE_TAINT}, force-deletion of the node's pods and VolumeAttachments, and a
 * wait (watching) until the node holds no StatefulSet pod, the one kind a controller recreates under the same name;</li>
 * <li>only then the {@code NoExecute} taint {@code node.kubernetes.io/out-of-service}, so that Kubernetes detaches
 * the volumes and evicts what is left.</li>
 * </ol>
 * The taint eviction controller queues the eviction of every pod on a node that gets a {@code NoExecute} taint and
 * carries it out by namespace and name: a taint added while a StatefulSet pod is being force-deleted may find the
 * pod's namesake, just recreated on a healthy node, and delete it. Added when no such pod is left on the node,
 * it queues none. Plus the provider's volume detachment where offered. Refuses, through {@link FencingInvariant},
 * a node that is not confirmed fenced. Both taints go when the node is healthy again.
 */
public final class ReleaseWorkloadsStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "release";

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseWorkloadsStep.class);
    private static final String FENCED_VALUE = "true";

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
        ClusterOperations cluster = ctx.cluster();
        cluster.addTaint(node, ClusterOperations.FENCED_TAINT, FENCED_VALUE, "NoSchedule");
        if (forceDelete(ctx)) {
            cluster.forceDeletePods(node);
            cluster.deleteVolumeAttachments(node);
            List<String> left = cluster.awaitStatefulSetPodsGone(node, ctx.limit().dividedBy(2));
            if (!left.isEmpty()) {
                // Held by a finalizer: its namesake cannot exist while it does, so no eviction can hit one.
                LOG.warn("StatefulSet pod(s) {} of node {} still there after force-deletion (finalizers?); adding the "
                        + "out-of-service taint so that Kubernetes releases them", left, node);
            }
        }
        cluster.addTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT, "nodeshutdown", "NoExecute");
        if (ctx.view().supports(Capability.DETACH_VOLUMES)) {
            ctx.gateway().detachVolumes(ctx.machine().orElseThrow(), ctx.limit());
        }
        return r;
    }

    @Override
    public StepCheck verify(StepView view) {
        String node = view.remediation().node();
        List<PodView> left = view.snapshot().pods(node).stream()
                .filter(p -> !p.isDaemonSetPod() && !p.isMirrorPod() && !p.isFinished()).toList();
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
