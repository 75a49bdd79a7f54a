package dev.selfheal.core.recovery;

import dev.selfheal.spi.Capability;

/** Powers a machine that was off back on; heals when the node is healthy again. */
public final class PowerOnStep extends MachinePowerStep {

    /** The step name. */
    public static final String NAME = "power-on";

    /** The step; stateless. */
    public PowerOnStep() {
        super(NAME, Capability.POWER_ON, (gateway, machine, limit) -> gateway.powerOn(machine, limit));
    }
}
