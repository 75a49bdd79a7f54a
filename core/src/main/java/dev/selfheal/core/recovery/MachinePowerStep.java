package dev.selfheal.core.recovery;

import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import java.util.function.BiConsumer;

/**
 * A non-destructive provider power action (reboot, power on) that heals when the node is healthy again:
 * the shape {@link RebootStep} and {@link PowerOnStep} share.
 */
abstract class MachinePowerStep implements RecoveryStep {

    private final String name;
    private final Capability capability;
    private final BiConsumer<ProviderGateway, Machine> action;

    MachinePowerStep(String name, Capability capability, BiConsumer<ProviderGateway, Machine> action) {
        this.name = name;
        this.capability = capability;
        this.action = action;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean destructive() {
        return false;
    }

    @Override
    public final boolean applies(StepContext ctx) {
        return ctx.machine().map(m -> ctx.gateway().supports(m, capability)).orElse(false);
    }

    @Override
    public final Remediation act(StepContext ctx) {
        action.accept(ctx.gateway(), ctx.machine().orElseThrow());
        return ctx.remediation();
    }

    @Override
    public final StepCheck verify(StepContext ctx) {
        return ctx.nodeHealthy() ? StepCheck.healed(ctx.remediation(), "node healthy after " + name)
                : StepCheck.waiting(ctx.remediation(), "waiting for the node to come back after " + name);
    }
}
