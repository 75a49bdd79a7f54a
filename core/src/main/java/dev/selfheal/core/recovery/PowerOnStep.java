package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;

/** Powers a machine that was off back on; heals when the node is healthy again. */
public final class PowerOnStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "power-on";

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
        return ctx.machine().map(m -> ctx.gateway().supports(m, Capability.POWER_ON)).orElse(false);
    }

    @Override
    public Remediation act(StepContext ctx) {
        ctx.gateway().powerOn(ctx.machine().orElseThrow());
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepContext ctx) {
        return ctx.nodeHealthy() ? StepCheck.healed(ctx.remediation(), "node healthy after power-on")
                : StepCheck.waiting(ctx.remediation(), "waiting for the node after power-on");
    }
}
