package dev.selfheal.core.recovery;

import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.LocalVolumeInvariant;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import java.util.Optional;

/**
 * Replaces the machine through its provider (Auto Scaling replacement, VM re-created, bare metal
 * re-provisioned) and records the replacement and when it was asked for. Never runs twice: after a restart
 * mid-replace with no recorded replacement, it reads what happened instead: when the provider says the old machine
 * is gone (answered after the interrupted step started), the replace took effect and the ladder goes on to wait
 * for the new node; otherwise the step fails rather than risk a second replacement. Refuses, through
 * {@link LocalVolumeInvariant}, a node holding claimed node-local PersistentVolumes.
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
    public boolean applies(StepView view) {
        return view.supports(Capability.REPLACE);
    }

    @Override
    public Remediation act(StepContext ctx) {
        LocalVolumeInvariant.requireReplaceable(ctx.remediation().node(), ctx.snapshot(),
                ctx.settings().replaceWithLocalVolumes());
        ReplaceResult result = ctx.gateway().replace(ctx.machine().orElseThrow(), ctx.limit());
        return ctx.remediation().replacedBy(result.replacement().orElse("started"), ctx.now(), result.at());
    }

    @Override
    public StepCheck verify(StepView view) {
        Remediation r = view.remediation();
        if (r.replacementId() != null) {
            return StepCheck.done(r, "machine replaced by " + r.replacementId());
        }
        Optional<MachineView> seen = view.machineView().filter(MachineView::answered)
                .filter(m -> r.stepStartedAt() != null && !m.observedAt().isBefore(r.stepStartedAt()));
        if (seen.isPresent() && seen.get().power() == PowerState.GONE) {
            return StepCheck.done(r.replacedBy("started", r.stepStartedAt(), view.now()),
                    "the interrupted replace took effect: the old machine is gone; waiting for its replacement");
        }
        if (seen.isEmpty()) {
            return StepCheck.waiting(r, "replace was interrupted; waiting for the provider's answer about the old machine");
        }
        return StepCheck.waiting(r, "replace was interrupted and the old machine is " + seen.get().power()
                + "; not replacing twice, waiting for it to go (until the step's limit)");
    }
}
