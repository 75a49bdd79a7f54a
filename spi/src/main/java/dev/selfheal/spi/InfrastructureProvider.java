package dev.selfheal.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Acts on the machines under Kubernetes nodes for one kind of infrastructure (a cloud, a hypervisor,
 * BMCs).
 *
 * <p>Contract:
 * <ul>
 *   <li>Every call either completes what it says or throws a {@link ProviderException} naming the
 *       machine and the call; nothing is left half-done silently.</li>
 *   <li>Calls are bounded in time by the provider's configuration; a call never hangs.</li>
 *   <li>{@link #powerOff} returns only when the machine is confirmed off: the healer releases a node's
 *       workloads on the strength of that result.</li>
 *   <li>Implementations are thread-safe; {@link #close()} releases clients and sessions.</li>
 *   <li>Secrets never appear in results, messages or logs.</li>
 * </ul>
 * Capabilities a provider does not declare keep the default implementations, which throw
 * {@link UnsupportedCapabilityException}.
 */
public interface InfrastructureProvider extends AutoCloseable {

    /** The provider type, such as {@code "aws"}, {@code "vsphere"} or {@code "baremetal"}. */
    String type();

    /** What this provider can do in general. */
    Set<Capability> capabilities();

    /**
     * What this provider can do for one machine; by default {@link #capabilities()}. Providers narrow
     * it where a capability depends on the machine.
     */
    default Set<Capability> capabilities(MachineRef machine) {
        return capabilities();
    }

    /** Whether this provider can do {@code capability} to {@code machine}. */
    default boolean supports(MachineRef machine, Capability capability) {
        return capabilities(machine).contains(capability);
    }

    /**
     * Finds the machine under a node.
     *
     * @return the machine, or empty when the node is not this provider's (another providerID scheme)
     * @throws InvalidMachineReferenceException when the node is this provider's but its reference is malformed
     */
    Optional<MachineRef> resolve(NodeDescriptor node);

    /**
     * Reads the machine's power state and health. {@link PowerState#GONE} only on proof that the machine no longer
     * exists (see {@link PowerState#GONE}); a machine the infrastructure does not show for any other reason, or
     * without such proof, is an exception.
     *
     * @throws MachineNotFoundException when the infrastructure does not know the machine and cannot prove it gone
     */
    MachineStatus status(MachineRef machine);

    /**
     * What the provider will need to know about a machine once it is gone (that it existed, where it lived, what to
     * re-create it from), read while it exists, as annotations of its Node (keys {@code <prefix>/<name>}, never
     * secrets). The healer asks once per node and machine, keeps the answer on the Node and hands it back in
     * {@link NodeDescriptor#annotations()} to {@link #resolve}, so a restarted healer still has it. A read; empty by
     * default (the provider needs nothing).
     *
     * @throws MachineNotFoundException when the machine does not exist (nothing to record)
     */
    default Map<String, String> provenance(MachineRef machine) {
        return Map.of();
    }

    /** Restarts the machine and returns when the restart was accepted and the machine runs again. */
    default ActionResult reboot(MachineRef machine) {
        throw unsupported(machine, Capability.REBOOT);
    }

    /**
     * Fences the machine: powers it off hard and returns only once the infrastructure confirms it is
     * off (or gone). Idempotent: fencing a machine that is already off confirms and returns; a machine proven
     * gone ({@link PowerState#GONE}) is confirmed fenced without any action.
     */
    default FenceResult powerOff(MachineRef machine) {
        throw unsupported(machine, Capability.POWER_OFF);
    }

    /** Powers the machine on and returns when it runs. */
    default ActionResult powerOn(MachineRef machine) {
        throw unsupported(machine, Capability.POWER_ON);
    }

    /**
     * Replaces the machine with a new one. For a machine proven gone, re-creates it (where the provider can) from its
     * {@link #provenance}; at most once for one gone machine, however often it is asked.
     */
    default ReplaceResult replace(MachineRef machine) {
        throw unsupported(machine, Capability.REPLACE);
    }

    /**
     * Detaches the machine's data volumes (never its boot volume) so that they can be attached elsewhere.
     * Refuses a machine that is not confirmed off.
     */
    default DetachResult detachVolumes(MachineRef machine) {
        throw unsupported(machine, Capability.DETACH_VOLUMES);
    }

    /** Releases clients and sessions. Never throws. */
    @Override
    void close();

    /** The exception the default methods throw. */
    private UnsupportedCapabilityException unsupported(MachineRef machine, Capability capability) {
        return new UnsupportedCapabilityException(machine.describe(), capability,
                "provider '" + type() + "' does not implement it");
    }
}
