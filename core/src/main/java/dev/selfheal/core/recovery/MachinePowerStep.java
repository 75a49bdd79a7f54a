package dev.selfheal.core.recovery;

import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import java.time.Duration;

/**
 * A non-destructive provider power action (reboot, power on) that heals when the node is healthy again on evidence
 * from after the action ({@link HealingEvidence}): the shape {@link RebootStep} and {@link PowerOnStep} share.
 */
abstract class MachinePowerStep implements RecoveryStep {

    private final String name;
    private final Capability capability;
    private final PowerAction action;

    /** The provider call a power step makes. */
    interface PowerAction {
        void run(ProviderGateway gateway, Machine machine, Duration limit);
    }

    MachinePowerStep(String name, Capability capability, PowerAction action) {
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

    /** Applies where the provider offers it, unless the provider reported the machine gone: nothing to power. */
    @Override
    public final boolean applies(StepView view) {
        return view.supports(capability) && !view.machineGone();
    }

    @Override
    public final Remediation act(StepContext ctx) {
        action.run(ctx.gateway(), ctx.machine().orElseThrow(), ctx.limit());
        return ctx.remediation();
    }

    /** Healed only on evidence from after the action, including a new boot id where the node reports one. */
    @Override
    public final StepCheck verify(StepView view) {
        return HealingEvidence.missing(view, true)
                .map(m -> StepCheck.waiting(view.remediation(), "waiting for the node to come back after " + name + ": " + m))
                .orElseGet(() -> StepCheck.healed(view.remediation(), "node healthy after " + name + " ("
                        + HealingEvidence.account(view, true) + ")"));
    }
}
