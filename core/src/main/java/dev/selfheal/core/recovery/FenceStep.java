package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.ProviderException;

/**
 * Fences the machine: powers it off through the provider, which returns only once the infrastructure
 * confirms it off. The confirmation is recorded ({@link Remediation#fencedAt()}) and is what later allows
 * the node's workloads to be released.
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
    public boolean applies(StepContext ctx) {
        return ctx.machine().map(m -> ctx.gateway().supports(m, Capability.POWER_OFF)).orElse(false);
    }

    @Override
    public Remediation act(StepContext ctx) {
        FenceResult result = ctx.gateway().fence(ctx.machine().orElseThrow());
        return ctx.remediation().fenced(result.confirmedAt());
    }

    @Override
    public StepCheck verify(StepContext ctx) {
        Remediation r = ctx.remediation();
        if (r.isFenced()) {
            return StepCheck.done(r, "machine confirmed powered off at " + r.fencedAt());
        }
        // After a restart mid-fence: never power off again, only read the state back.
        if (ctx.machine().isEmpty()) {
            return StepCheck.failed(r, "fence outcome unknown and no provider claims the machine");
        }
        try {
            MachineStatus s = ctx.gateway().status(ctx.machine().get());
            if (s.power().isFenced()) {
                return StepCheck.done(r.fenced(s.observedAt()), "machine found " + s.power() + " after a restart");
            }
            return StepCheck.failed(r, "fence was interrupted and the machine is " + s.power() + "; not powering off twice");
        } catch (ProviderException e) {
            return StepCheck.waiting(r, "cannot confirm the fence yet: " + e.getMessage());
        }
    }
}
