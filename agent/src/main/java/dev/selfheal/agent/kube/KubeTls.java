package dev.selfheal.agent.kube;

import dev.selfheal.agent.internal.PemKeys;
import dev.selfheal.spi.TrustStores;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The TLS context of a connection to the API server, from PEM text: the CA to trust and the client certificate. */
final class KubeTls {

    private KubeTls() {
    }

    /**
     * @param caPem the CA bundle, or null for the JDK's trust store
     * @param certPem the client certificate chain, or null
     * @param keyPem its private key (PKCS#8, PKCS#1 RSA or SEC 1 EC), or null
     * @param insecure accept any server certificate ({@code insecure-skip-tls-verify})
     * @param source where these came from, for error messages (never the key)
     */
    static SSLContext create(byte[] caPem, byte[] certPem, String keyPem, boolean insecure, String source) {
        try {
            TrustManager[] trust = insecure ? new TrustManager[] {TrustStores.acceptAll()}
                    : TrustStores.trustManagers(caPem == null ? null : trustStore(caPem, source));
            KeyManagerFactory kmf = null;
            if (certPem != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                List<Certificate> chain = PemKeys.certificates(certPem, source + " client certificate");
                PrivateKey key = PemKeys.privateKey(keyPem, source + " client key");
                ks.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + source + ": " + e.getMessage());
        }
    }

    private static KeyStore trustStore(byte[] caPem, String source) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : PemKeys.certificates(caPem, source + " certificate authority")) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }
}
