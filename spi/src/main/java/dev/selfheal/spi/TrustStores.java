package dev.selfheal.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for providers and tools, JDK only: trust stores from PEM, PKCS#12 or JKS files, contexts that
 * verify against them (host names included), and the accept-anything trust manager that only an explicit
 * lab opt-out may use. Errors are {@link GeneralSecurityException}s or {@link IOException}s saying what is
 * wrong with the file, never its content; callers add which setting named the file.
 */
public final class TrustStores {

    private TrustStores() {
    }

    /** Whether a file holds PEM certificates (looks at its first 4 KiB); only a regular file of at most 1 MiB. */
    public static boolean isPem(Path file) throws IOException {
        byte[] content = RegularFiles.read(file, RegularFiles.TRUST_STORE_LIMIT);
        return new String(content, 0, Math.min(4096, content.length), StandardCharsets.US_ASCII)
                .contains("-----BEGIN CERTIFICATE-----");
    }

    /** A trust store holding every certificate of a PEM file (a regular file of at most 1 MiB); fails when there is none. */
    public static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = new ByteArrayInputStream(RegularFiles.read(file, RegularFiles.TRUST_STORE_LIMIT))) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("not a PEM certificate file: " + e.getClass().getSimpleName());
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    /**
     * A PKCS#12 or JKS key store file (a regular file of at most 1 MiB); fails when it holds nothing.
     *
     * @param type {@code pkcs12} or {@code jks} (any case)
     * @param password its password, or null
     */
    public static KeyStore fromKeyStore(Path file, String type, char[] password) throws IOException, GeneralSecurityException {
        String t = type.toUpperCase(Locale.ROOT);
        KeyStore store = KeyStore.getInstance(t);
        try (InputStream in = new ByteArrayInputStream(RegularFiles.read(file, RegularFiles.TRUST_STORE_LIMIT))) {
            store.load(in, password);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("not a " + t + " key store: " + e.getClass().getSimpleName());
        }
        if (store.size() == 0) {
            throw new GeneralSecurityException("the " + t + " trust store holds no certificate");
        }
        return store;
    }

    /** Trust managers for a store, or the JDK's default ones ({@code cacerts}) for {@code null}. */
    public static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    /** A context verifying server certificates and host names against a store ({@code null}: the JDK's). */
    public static SSLContext verifying(KeyStore store) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(store), null);
        return ctx;
    }

    /** A context accepting any certificate and any host name: only behind an explicit, logged opt-out. */
    public static SSLContext acceptingAnything() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {acceptAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /**
     * A trust manager that accepts every chain. Being an {@link X509ExtendedTrustManager}, it also owns the
     * host name check, which it skips: that is what the opt-out means.
     */
    public static X509ExtendedTrustManager acceptAll() {
        return new AcceptAll();
    }

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
