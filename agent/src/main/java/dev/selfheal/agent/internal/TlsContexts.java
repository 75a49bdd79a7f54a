package dev.selfheal.agent.internal;

import dev.selfheal.spi.TrustStores;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** TLS contexts from PEM files: a CA to trust (or none: the JDK's), an optional client certificate, or trust-all. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A TLS context.
     *
     * @param caFile PEM CA bundle, or null for the JDK trust store
     * @param certFile PEM client certificate, or null
     * @param keyFile PEM client key, or null
     * @param insecure accept any server certificate
     * @throws IllegalStateException naming the file that cannot be used (never its content)
     */
    public static SSLContext create(Path caFile, Path certFile, Path keyFile, boolean insecure) {
        try {
            TrustManager[] trust = insecure ? new TrustManager[] {TrustStores.acceptAll()} : trustManagers(caFile);
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                List<Certificate> chain = PemKeys.certificates(certFile);
                ks.setKeyEntry("client", PemKeys.privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS from caFile=" + caFile + ", certFile=" + certFile
                    + ", keyFile=" + keyFile + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path caFile) throws IOException, GeneralSecurityException {
        return TrustStores.trustManagers(caFile == null ? null : TrustStores.fromPem(caFile));
    }

}
