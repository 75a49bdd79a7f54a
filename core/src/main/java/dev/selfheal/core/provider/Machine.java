package dev.selfheal.core.provider;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;

/**
 * A node's machine and the provider that manages it.
 *
 * @param provider the provider
 * @param ref the machine
 */
public record Machine(InfrastructureProvider provider, MachineRef ref) {

    /** {@code aws:i-0abc (node worker-1)}. */
    public String describe() {
        return ref.describe();
    }
}
