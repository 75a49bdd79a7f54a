package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.Redactor;
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

    /** Removes every form of this call's password (and user:password pair) from a peer's text. */
    public Redactor redactor() {
        return credentials == null ? Redactor.none() : Redactor.forCredentials(credentials.username(), credentials.password());
    }

    /** The password, or an empty string when there are no credentials; never log it. */
    public String revealPassword() {
        return credentials == null ? "" : credentials.password().reveal();
    }
}
