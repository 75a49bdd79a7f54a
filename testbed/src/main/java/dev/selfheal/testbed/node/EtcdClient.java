package dev.selfheal.testbed.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A small etcd v3 client over etcd's JSON gateway, TLS with a client certificate of the testbed CA: a member's
 * {@code /health}, the cluster's member list and whether a key exists, for tests and set-up checks of a {@link ThreeMasterPlane}.
 */
public final class EtcdClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    EtcdClient(CertificateAuthority ca, IssuedCertificate client) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context(ca, client))
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Whether the member at {@code clientUrl} answers {@code /health} with {@code "health":"true"}. */
    public boolean healthy(String clientUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && "true".equals(JSON.readTree(r.body()).path("health").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The names of the cluster's members (learners among them), as the member at {@code clientUrl} lists them. */
    public List<String> memberNames(String clientUrl) {
        List<String> names = new ArrayList<>();
        members(clientUrl).forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    /**
     * The names of the members listed as learners (added, not promoted to voting members yet), as the member at
     * {@code clientUrl} lists them.
     */
    public List<String> learnerNames(String clientUrl) {
        List<String> names = new ArrayList<>();
        members(clientUrl).forEach(m -> {
            if (m.path("isLearner").asBoolean(false)) {
                names.add(m.path("name").asText());
            }
        });
        return names;
    }

    private JsonNode members(String clientUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/v3/cluster/member/list"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("etcd " + clientUrl + " member list: HTTP " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body()).path("members");
        } catch (IOException e) {
            throw new IllegalStateException("etcd " + clientUrl + " member list: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Whether {@code key} exists in the local copy of the member at {@code clientUrl} (a serializable read: what that
     * member holds, without asking the cluster's leader).
     */
    public boolean exists(String clientUrl, String key) {
        String body = "{\"key\":\"" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))
                + "\",\"count_only\":true,\"serializable\":true}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/v3/kv/range"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("etcd " + clientUrl + " range: HTTP " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body()).path("count").asLong(0) > 0;
        } catch (IOException e) {
            throw new IllegalStateException("etcd " + clientUrl + " range: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static SSLContext context(CertificateAuthority ca, IssuedCertificate client) {
        try {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(client.certificatePem().getBytes(StandardCharsets.US_ASCII)));
            char[] password = "etcd-client".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", privateKey(client.keyPem()), password, new Certificate[] {cert, ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("selfheal-testbed-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the etcd client's TLS context", e);
        }
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("not a private key: " + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
    }
}
