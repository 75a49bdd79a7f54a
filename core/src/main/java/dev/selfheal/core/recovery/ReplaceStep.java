package dev.selfheal.core.recovery;

import dev.selfheal.core.health.LocalVolumeView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.ReplaceResult;
import java.util.List;

/**
 * Replaces the machine through its provider (Auto Scaling replacement, VM re-created, bare metal
 * re-provisioned) and records the replacement. Never runs twice: after a restart mid-replace with no
 * recorded replacement, the step fails rather than risk a second replacement. Refuses (fails, so the
 * remediation stops for a person) a node holding claimed node-local PersistentVolumes, whose data would go with
 * the machine, unless {@link dev.selfheal.core.config.RecoverySettings#replaceWithLocalVolumes()} allows it.
 */
public final class ReplaceStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "replace";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public boolean applies(StepContext ctx) {
        return ctx.machine().map(m -> ctx.gateway().supports(m, Capability.REPLACE)).orElse(false);
    }

    @Override
    public Remediation act(StepContext ctx) {
        List<LocalVolumeView> held = ctx.snapshot().localVolumes(ctx.remediation().node()).stream()
                .filter(LocalVolumeView::claimed).toList();
        if (!held.isEmpty() && !ctx.settings().replaceWithLocalVolumes()) {
            throw new IllegalStateException("node " + ctx.remediation().node() + " holds local PersistentVolumes " + held
                    + " whose data replacing its machine would destroy; not replacing it (recovery.replaceWithLocalVolumes"
                    + " allows it)");
        }
        ReplaceResult result = ctx.gateway().replace(ctx.machine().orElseThrow());
        return ctx.remediation().replacedBy(result.replacement().orElse("started"), ctx.now());
    }

    @Override
    public StepCheck verify(StepContext ctx) {
        Remediation r = ctx.remediation();
        if (r.replacementId() != null) {
            return StepCheck.done(r, "machine replaced by " + r.replacementId());
        }
        return StepCheck.failed(r, "replace was interrupted before its result was recorded; not replacing twice");
    }
}
