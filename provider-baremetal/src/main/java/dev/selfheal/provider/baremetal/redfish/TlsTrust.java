package dev.selfheal.provider.baremetal.redfish;

import dev.selfheal.spi.Secret;
import dev.selfheal.spi.TrustStores;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/** Builds the {@link SSLContext} Redfish calls verify BMC certificates with. */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * The JDK's default trust (its {@code cacerts}), or the certificates of a trust store: a PEM file
     * (one or more certificates), a PKCS#12 file or a JKS file ({@code .jks}).
     *
     * @param trustStore the trust store, or {@code null} for the JDK default
     * @param password the trust store's password, or {@code null} (PEM files have none)
     * @throws IllegalArgumentException saying why the trust store cannot be used
     */
    public static SSLContext verifying(Path trustStore, Secret password) {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            KeyStore ks = TrustStores.isPem(trustStore) ? TrustStores.fromPem(trustStore)
                    : TrustStores.fromKeyStore(trustStore, trustStore.getFileName().toString().toLowerCase(Locale.ROOT)
                            .endsWith(".jks") ? "JKS" : "PKCS12", password == null ? null : password.reveal().toCharArray());
            return TrustStores.verifying(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** A context that accepts any certificate and any host name: only behind an explicit opt-out. */
    public static SSLContext trustingAnything() {
        return TrustStores.acceptingAnything();
    }
}
