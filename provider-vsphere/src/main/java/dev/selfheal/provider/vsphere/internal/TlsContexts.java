package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.TrustStores;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;

/** Builds the TLS contexts of a vCenter connection: a given trust store, or (for labs only) no verification. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A context that trusts the certificates of a trust store, with host name verification as usual.
     *
     * @param file a PEM file with one or more certificates, or a PKCS12 / JKS key store
     * @param type {@code pem}, {@code pkcs12} or {@code jks}
     * @param password the key store password ({@code null} for PEM or none)
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static SSLContext trusting(Path file, String type, char[] password) {
        try {
            KeyStore store = "pem".equals(type) ? TrustStores.fromPem(file) : TrustStores.fromKeyStore(file, type, password);
            return TrustStores.verifying(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + type + " trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A context that accepts any server certificate and host name. For labs only. */
    public static SSLContext trustingAnything() {
        return TrustStores.acceptingAnything();
    }
}
