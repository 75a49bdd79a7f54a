package dev.selfheal.provider.vsphere.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

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
            KeyStore store = "pem".equals(type) ? fromPem(file) : fromKeyStore(file, type, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + type + " trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A context that accepts any server certificate and host name. For labs only. */
    public static SSLContext trustingAnything() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    private static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate found");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    private static KeyStore fromKeyStore(Path file, String type, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type.toUpperCase(java.util.Locale.ROOT));
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        if (store.size() == 0) {
            throw new GeneralSecurityException("the key store holds no entries");
        }
        return store;
    }

    /**
     * Accepts every chain. Being an {@link X509ExtendedTrustManager}, it is also responsible for host name
     * checks, which it skips: the point of the lab opt-out.
     */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
