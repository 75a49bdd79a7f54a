package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.UnsupportedCapabilityException;
import dev.selfheal.spi.Capability;

/**
 * Speaks one {@link Protocol} to BMCs. Each method is one bounded exchange with the BMC: it neither waits
 * for the power state to settle nor retries (the provider polls). Failures are {@link ProviderException}s
 * naming the machine and the call; a BMC that does not answer in time is a retryable failure, never a
 * power state. Implementations are thread-safe.
 */
public interface BmcDriver extends AutoCloseable {

    /** The protocol spoken. */
    Protocol protocol();

    /** Reads the power state and the health the BMC reports. */
    BmcReading read(BmcCall call);

    /** The call {@link #read} makes, for messages: {@code redfish:GET ComputerSystem}, {@code ipmitool:chassis status}. */
    String readOperation(BmcTarget target);

    /** Sends a power command; returns when the BMC accepted it. */
    void power(BmcCall call, PowerCommand command);

    /** Whether {@link #bootOnceFromNetwork} is available for this target. */
    default boolean supportsNetworkBoot(BmcTarget target) {
        return false;
    }

    /** Makes the next boot (only) a network (PXE) boot. */
    default void bootOnceFromNetwork(BmcCall call) {
        throw new UnsupportedCapabilityException(call.describe(), Capability.REPLACE,
                protocol().configName() + " cannot set a one-time PXE boot");
    }

    /** Releases sessions and clients. Never throws. */
    @Override
    void close();
}
