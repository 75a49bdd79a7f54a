package dev.selfheal.agent.internal;

import dev.selfheal.spi.RegularFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as Kubernetes writes them: {@code PRIVATE KEY} (PKCS#8, RSA or EC),
 * {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (SEC 1), with the JDK only. Key material never
 * reaches a log or an exception message.
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemKeys() {
    }

    /** The certificates of a PEM file: a regular file of at most 1 MiB. */
    public static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        return certificates(RegularFiles.read(file, RegularFiles.TRUST_STORE_LIMIT), file.toString());
    }

    /**
     * The certificates of PEM text.
     *
     * @param source what the text is, for error messages (a file name or a field, never the text)
     */
    public static List<Certificate> certificates(byte[] pem, String source) throws IOException, GeneralSecurityException {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + source);
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("no valid certificate in " + source);
        }
    }

    /** The private key of a PEM file: a regular file of at most 1 MiB. */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        return privateKey(RegularFiles.readString(file, RegularFiles.TRUST_STORE_LIMIT), file.toString());
    }

    /**
     * The private key of PEM text.
     *
     * @param source what the text is, for error messages (a file name or a field, never the text)
     */
    public static PrivateKey privateKey(String pem, String source) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("a " + type + " block of " + source + " is not base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, "RSA", "EC");
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(RSA_ALGORITHM, der), "RSA");
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(der(0x30, concat(EC_PUBLIC_KEY_OID, ecCurve(der))), der), "EC");
                default:
                    break;
            }
        }
        throw new GeneralSecurityException("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in " + source);
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String a : algorithms) {
            try {
                return KeyFactory.getInstance(a).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = new GeneralSecurityException("not a " + a + " key");
            }
        }
        throw last;
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the key as an OCTET STRING. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, key)));
    }

    /** The named-curve OID (tag [0]) inside a SEC 1 ECPrivateKey. */
    private static byte[] ecCurve(byte[] sec1) throws GeneralSecurityException {
        try (ByteArrayInputStream in = new ByteArrayInputStream(sec1)) {
            in.read();
            length(in);
            while (in.available() > 0) {
                int tag = in.read();
                int len = length(in);
                byte[] body = in.readNBytes(len);
                if (tag == 0xa0) {
                    return body;
                }
            }
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable EC key");
        }
        throw new GeneralSecurityException("EC key without a named curve");
    }

    private static int length(ByteArrayInputStream in) {
        int first = in.read();
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            n = (n << 8) | in.read();
        }
        return n;
    }

    private static byte[] der(int tag, byte[] content) {
        int len = content.length;
        byte[] lenBytes;
        if (len < 0x80) {
            lenBytes = new byte[] {(byte) len};
        } else if (len < 0x100) {
            lenBytes = new byte[] {(byte) 0x81, (byte) len};
        } else if (len < 0x10000) {
            lenBytes = new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
        } else {
            lenBytes = new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        }
        return concat(new byte[] {(byte) tag}, lenBytes, content);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
