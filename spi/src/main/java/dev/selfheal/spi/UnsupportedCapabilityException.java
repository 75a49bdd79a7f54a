package dev.selfheal.spi;

/**
 * The provider cannot do this to this machine: a capability it does not declare, or one that does not
 * apply to the machine (replace for an EC2 instance outside any Auto Scaling group).
 */
public class UnsupportedCapabilityException extends PermanentProviderException {

    private static final long serialVersionUID = 1L;

    private final Capability capability;

    /**
     * @param machine the machine, in human form
     * @param capability the capability asked for
     * @param reason why it is not available
     */
    public UnsupportedCapabilityException(String machine, Capability capability, String reason) {
        super(machine, capability.name(), "capability " + capability + " is not available: " + reason);
        this.capability = capability;
    }

    /** The capability that was asked for. */
    public Capability capability() {
        return capability;
    }
}
