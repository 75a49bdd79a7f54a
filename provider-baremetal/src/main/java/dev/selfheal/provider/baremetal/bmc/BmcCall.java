package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.MachineRef;
import java.util.Objects;

/**
 * One operation on one machine's BMC: the machine (named in every error), its BMC and the credentials read
 * for this call ({@code null} when the target needs none).
 *
 * @param machine the machine, for messages
 * @param target its BMC
 * @param credentials the credentials, or {@code null}
 */
public record BmcCall(MachineRef machine, BmcTarget target, BmcCredentials credentials) {

    /** Validates the fields. */
    public BmcCall {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(target, "target");
    }

    /** The machine in human form, as {@link MachineRef#describe()}. */
    public String describe() {
        return machine.describe();
    }

    /** The password, or an empty string when there are no credentials; never log it. */
    public String revealPassword() {
        return credentials == null ? "" : credentials.password().reveal();
    }
}
