package dev.selfheal.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.testbed.process.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PEM private keys as OpenSSL (the real one) writes them: RSA as PKCS#1 and PKCS#8, EC as SEC 1 and PKCS#8; each
 * pair must read as the same key.
 */
class PemKeysTest {

    @Test
    void rsaPkcs1AndPkcs8ReadAsTheSameKey() throws Exception {
        Path dir = Workspace.newDir("pem-rsa");
        openssl(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "rsa1.pem", "-out", "rsa8.pem");
        assertThat(Files.readString(dir.resolve("rsa1.pem"))).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey one = PemKeys.privateKey(dir.resolve("rsa1.pem"));
        PrivateKey eight = PemKeys.privateKey(dir.resolve("rsa8.pem"));
        assertThat(one.getAlgorithm()).isEqualTo("RSA");
        assertThat(one.getEncoded()).isEqualTo(eight.getEncoded());
    }

    @Test
    void ecSec1AndPkcs8ReadAsTheSameKey() throws Exception {
        Path dir = Workspace.newDir("pem-ec");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec1.pem");
        openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "ec1.pem", "-out", "ec8.pem");
        assertThat(Files.readString(dir.resolve("ec1.pem"))).contains("BEGIN EC PRIVATE KEY");
        PrivateKey sec1 = PemKeys.privateKey(dir.resolve("ec1.pem"));
        PrivateKey eight = PemKeys.privateKey(dir.resolve("ec8.pem"));
        assertThat(sec1.getAlgorithm()).isEqualTo("EC");
        assertThat(((ECPrivateKey) sec1).getS()).isEqualTo(((ECPrivateKey) eight).getS());
        assertThat(((ECPrivateKey) sec1).getParams().getOrder()).isEqualTo(((ECPrivateKey) eight).getParams().getOrder());
    }

    @Test
    void aBrokenKeyIsRefusedWithoutItsText() {
        String secret = "-----BEGIN RSA PRIVATE KEY-----\nTUlJQ1NFQ1JFVA==\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemKeys.privateKey(secret, "users[u].user.client-key-data"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageNotContaining("TUlJQ1NFQ1JFVA");
        assertThatThrownBy(() -> PemKeys.privateKey("no pem here", "users[u].user.client-key-data"))
                .hasMessageContaining("users[u].user.client-key-data").hasMessageNotContaining("no pem here");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
