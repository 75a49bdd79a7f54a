package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.Secret;
import java.util.Objects;

/**
 * A BMC user name and password, read from a {@link CredentialsRef} for one call. {@link #toString()}
 * names the reference only: neither the user nor the password shows up in logs or messages.
 *
 * @param username the BMC user
 * @param password the password
 * @param source where they were read from
 */
public record BmcCredentials(String username, Secret password, CredentialsRef source) {

    /** Validates the fields. */
    public BmcCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
    }

    /** {@code credentials from secret:rack-7}. */
    @Override
    public String toString() {
        return "credentials from " + source;
    }
}
