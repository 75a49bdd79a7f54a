package dev.selfheal.core.recovery;

import dev.selfheal.spi.Capability;

/** Reboots the machine through its provider; heals when the node is healthy again. */
public final class RebootStep extends MachinePowerStep {

    /** The step name. */
    public static final String NAME = "reboot";

    /** The step; stateless. */
    public RebootStep() {
        super(NAME, Capability.REBOOT, (gateway, machine, limit) -> gateway.reboot(machine, limit));
    }
}
