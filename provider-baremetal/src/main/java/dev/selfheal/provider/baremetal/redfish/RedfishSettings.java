package dev.selfheal.provider.baremetal.redfish;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the Redfish driver authenticates and verifies BMCs.
 *
 * @param auth how to log in
 * @param callTimeout the limit on one HTTP exchange, connection included
 * @param sslContext the TLS trust (verifying unless explicitly opted out)
 */
public record RedfishSettings(AuthMode auth, Duration callTimeout, SSLContext sslContext) {

    /** How the driver logs in to a BMC. */
    public enum AuthMode {
        /** A session (X-Auth-Token) when the service offers one, else HTTP basic authentication. */
        AUTO,
        /** A session only. */
        SESSION,
        /** HTTP basic authentication on every request. */
        BASIC
    }

    /** Validates the fields. */
    public RedfishSettings {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(sslContext, "sslContext");
    }
}
