package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoresTest {

    @Test
    void filesWithoutCertificatesAreRefused(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThat(TrustStores.isPem(pem)).isFalse();
        assertThatThrownBy(() -> TrustStores.fromPem(pem)).isInstanceOf(GeneralSecurityException.class);
        Path blank = Files.writeString(dir.resolve("blank.pem"), "");
        assertThatThrownBy(() -> TrustStores.fromPem(blank)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("no certificate");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path p12 = dir.resolve("empty.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            empty.store(out, "pw".toCharArray());
        }
        assertThatThrownBy(() -> TrustStores.fromKeyStore(p12, "pkcs12", "pw".toCharArray()))
                .hasMessageContaining("PKCS12 trust store holds no certificate");
    }

    @Test
    void contextsForTheJdkDefaultAndForTheLabOptOut() throws Exception {
        assertThat(TrustStores.verifying(null).getProtocol()).isEqualTo("TLS");
        assertThat(TrustStores.acceptingAnything().getProtocol()).isEqualTo("TLS");
        assertThat(TrustStores.acceptAll().getAcceptedIssuers()).isEmpty();
    }
}
