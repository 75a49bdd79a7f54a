package dev.selfheal.core.recovery;

import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import java.util.Optional;

/**
 * Fences the machine: powers it off through the provider, which returns only once the infrastructure
 * confirms it off, or confirms it gone (a machine that no longer exists is the strongest fence: the provider
 * confirms {@link dev.selfheal.spi.PowerState#GONE} without acting). The confirmation is recorded
 * ({@link Remediation#fencedAt()}) and is what later allows the node's workloads to be released.
 */
public final class FenceStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "fence";

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
        return view.supports(Capability.POWER_OFF);
    }

    @Override
    public Remediation act(StepContext ctx) {
        FenceResult result = ctx.gateway().fence(ctx.machine().orElseThrow(), ctx.limit());
        return ctx.remediation().fenced(result.confirmedAt());
    }

    @Override
    public StepCheck verify(StepView view) {
        Remediation r = view.remediation();
        if (r.isFenced()) {
            return StepCheck.done(r, "machine confirmed powered off at " + r.fencedAt());
        }
        // After a restart mid-fence: never power off again, only read back the provider's answer, asked after the
        // interrupted step started (the engine's machine probe asks while the remediation is active).
        if (view.machine().isEmpty()) {
            return StepCheck.failed(r, "fence outcome unknown and no provider claims the machine");
        }
        Optional<MachineView> seen = view.machineView().filter(MachineView::answered)
                .filter(m -> r.stepStartedAt() == null || !m.observedAt().isBefore(r.stepStartedAt()));
        if (seen.isEmpty()) {
            return StepCheck.waiting(r, "cannot confirm the fence yet: waiting for the provider's answer about the machine");
        }
        if (seen.get().power().isFenced()) {
            return StepCheck.done(r.fenced(seen.get().observedAt()), "machine found " + seen.get().power() + " after a restart");
        }
        return StepCheck.failed(r, "fence was interrupted and the machine is " + seen.get().power() + "; not powering off twice");
    }
}
