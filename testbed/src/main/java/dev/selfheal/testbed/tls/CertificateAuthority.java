package dev.selfheal.testbed.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for one testbed run: issues serving certificates for 127.0.0.1 and
 * localhost and client certificates (CN and O become the Kubernetes user and groups), and writes them as
 * PEM files. Peers get real TLS; clients verify it against {@link #caPem()} instead of turning verification off.
 */
public final class CertificateAuthority {

    private static final Duration VALIDITY = Duration.ofDays(7);
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final Path dir;

    private CertificateAuthority(Path dir, KeyPair keyPair, X509Certificate certificate) {
        this.dir = dir;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A new CA whose files go into {@code dir}. */
    public static CertificateAuthority create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            KeyPair kp = newKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, nextSerial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            X509Certificate cert = sign(b, kp);
            CertificateAuthority ca = new CertificateAuthority(dir, kp, cert);
            Files.writeString(ca.caPem(), pem(cert));
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    /** The CA certificate file (PEM). */
    public Path caPem() {
        return dir.resolve("ca.crt");
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Issues a serving certificate for 127.0.0.1, localhost and {@code extraNames}; files {@code name.crt/.key}. */
    public IssuedCertificate issueServer(String name, String... extraNames) {
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String n : extraNames) {
            sans.add(n.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        return issue(name, "CN=" + name, sans, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    /** Issues a client certificate whose CN is the user and whose O values are its groups. */
    public IssuedCertificate issueClient(String fileName, String user, String... groups) {
        StringBuilder dn = new StringBuilder();
        for (String g : groups) {
            dn.append("O=").append(g).append(',');
        }
        dn.append("CN=").append(user);
        return issue(fileName, dn.toString(), List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    /** An SSL context that trusts only this CA. */
    public SSLContext trustingContext() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("selfheal-testbed-ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store for the test CA", e);
        }
    }

    /**
     * An SSL context that serves a new certificate of this CA for 127.0.0.1 and localhost, for a test's own
     * HTTPS server; nothing is written to disk.
     */
    public SSLContext servingContext(String name) {
        try {
            KeyPair kp = newKeyPair();
            X509Certificate cert = certificateFor(kp, "CN=" + name, List.of(new GeneralName(GeneralName.iPAddress,
                    "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")), KeyPurposeId.id_kp_serverAuth);
            char[] password = "serving".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(name, kp.getPrivate(), password, new java.security.cert.Certificate[] {cert, certificate});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a serving context for " + name, e);
        }
    }

    /**
     * An SSL context that trusts only this CA and presents a new client certificate of it (CN {@code user}), for a
     * test's own calls to a peer that requires client certificates; nothing is written to disk.
     */
    public SSLContext clientContext(String user) {
        try {
            KeyPair kp = newKeyPair();
            X509Certificate cert = certificateFor(kp, "CN=" + user, List.of(), KeyPurposeId.id_kp_clientAuth);
            char[] password = "client".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(user, kp.getPrivate(), password, new java.security.cert.Certificate[] {cert, certificate});
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("selfheal-testbed-ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a client context for " + user, e);
        }
    }

    /** Writes a new RSA key pair as PEM (for service-account signing): {@code name.key} and {@code name.pub}. */
    public Path[] writeKeyPair(String name) {
        try {
            KeyPair kp = newKeyPair();
            Path key = dir.resolve(name + ".key");
            Path pub = dir.resolve(name + ".pub");
            Files.writeString(key, pem(kp.getPrivate()));
            Files.writeString(pub, pem(kp.getPublic()));
            return new Path[] {key, pub};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private IssuedCertificate issue(String name, String dn, List<GeneralName> sans, KeyPurposeId... purposes) {
        try {
            KeyPair kp = newKeyPair();
            X509Certificate cert = certificateFor(kp, dn, sans, purposes);
            Path crt = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.writeString(crt, pem(cert));
            Files.writeString(key, pem(kp.getPrivate()));
            return new IssuedCertificate(crt, key, pem(cert), pem(kp.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue " + name, e);
        }
    }

    private X509Certificate certificateFor(KeyPair kp, String dn, List<GeneralName> sans, KeyPurposeId... purposes)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), new X500Name(dn), kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        return sign(b, keyPair);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner s = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(s));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        return g.generateKeyPair();
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    /**
     * A certificate and its key.
     *
     * @param certificate the PEM certificate file
     * @param key the PEM private key file
     * @param certificatePem the certificate as PEM text
     * @param keyPem the key as PEM text
     */
    public record IssuedCertificate(Path certificate, Path key, String certificatePem, String keyPem) {
        @Override
        public String toString() {
            return "IssuedCertificate[" + certificate + "]";
        }
    }
}
