package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Redactor;
import dev.selfheal.spi.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach a vCenter: the SDK URL, the credentials, TLS and time limits.
 *
 * @param url the SDK endpoint, such as {@code https://vcenter.example.com/sdk}
 * @param username the login user
 * @param password the login password; never logged
 * @param sslContext the TLS context (trust), or {@code null} for the JDK defaults
 * @param connectTimeout the TCP/TLS connect time-out
 * @param requestTimeout how long one call may take
 * @param keepAliveInterval how often to keep the session alive, {@link Duration#ZERO} for never
 * @param clock the clock for deadlines
 */
public record VimEndpoint(URI url, String username, Secret password, SSLContext sslContext, Duration connectTimeout,
                          Duration requestTimeout, Duration keepAliveInterval, Clock clock) {

    /** Validates the fields. */
    public VimEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(clock, "clock");
    }

    /** Removes every form of the password (and of {@code username:password}) from a peer's text. */
    public Redactor redactor() {
        return Redactor.forCredentials(username, password);
    }

    /** Names the URL and user only. */
    @Override
    public String toString() {
        return "VimEndpoint[" + url + ", user " + username + "]";
    }
}
