package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;

/** Reboots the machine through its provider; heals when the node is healthy again. */
public final class RebootStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "reboot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return false;
    }

    @Override
    public boolean applies(StepContext ctx) {
        return ctx.machine().map(m -> ctx.gateway().supports(m, Capability.REBOOT)).orElse(false);
    }

    @Override
    public Remediation act(StepContext ctx) {
        ctx.gateway().reboot(ctx.machine().orElseThrow());
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepContext ctx) {
        return ctx.nodeHealthy() ? StepCheck.healed(ctx.remediation(), "node healthy after reboot")
                : StepCheck.waiting(ctx.remediation(), "waiting for the node to come back after reboot");
    }
}
