package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of every setting, with the key and the allowed values in the message. */
class VsphereProviderConfigTest {

    private static ProviderConfig.Builder minimal() {
        return ProviderConfig.builder("vsphere").set("url", "https://vc.example.com/sdk").set("username", "healer")
                .secret("password", "S3cret!pw");
    }

    private static VsphereProviderConfig config(Consumer<ProviderConfig.Builder> extra) {
        ProviderConfig.Builder b = minimal();
        extra.accept(b);
        return VsphereProviderConfig.from(b.build());
    }

    private static void rejects(Consumer<ProviderConfig.Builder> extra, String field, String... fragments) {
        assertThatThrownBy(() -> config(extra)).isInstanceOf(InvalidProviderConfigException.class)
                .satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(field))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void defaultsAreSafe() {
        VsphereProviderConfig c = config(b -> { });

        assertThat(c.url()).hasToString("https://vc.example.com/sdk");
        assertThat(c.tlsInsecure()).isFalse();
        assertThat(c.lookup()).isEqualTo(VsphereProviderConfig.Lookup.NONE);
        assertThat(c.replaceStrategy()).isEqualTo(VsphereProviderConfig.ReplaceStrategy.NONE);
        assertThat(c.timeouts().task()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.timeouts().cloneTask()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.keepAlive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.allowDeletingVmFolderDisks()).isFalse();
    }

    @Test
    void aUrlWithoutPathGetsSdk() {
        assertThat(config(b -> b.set("url", "https://vc.example.com:8443")).url()).hasToString("https://vc.example.com:8443/sdk");
    }

    @Test
    void rejectsPlainHttpAndCredentialsInTheUrl() {
        rejects(b -> b.set("url", "http://vc.example.com/sdk"), "url", "https");
        rejects(b -> b.set("url", "https://admin:pw@vc.example.com/sdk"), "url", "user info");
        rejects(b -> b.set("url", "not a uri"), "url", "not a URI");
    }

    @Test
    void requiresUsernameAndPasswordSecret() {
        assertThatThrownBy(() -> VsphereProviderConfig.from(ProviderConfig.builder("vsphere")
                .set("url", "https://vc/sdk").secret("password", "x").build()))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("'username'");
        assertThatThrownBy(() -> VsphereProviderConfig.from(ProviderConfig.builder("vsphere")
                .set("url", "https://vc/sdk").set("username", "u").build()))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("'password'").hasMessageContaining("secret");
    }

    @Test
    void tlsOptOutAndTrustStoreAreExclusive(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "not a certificate");

        assertThat(config(b -> b.set("tls.insecure", "true")).tlsInsecure()).isTrue();
        rejects(b -> b.set("tls.insecure", "true").set("tls.trustStore", pem.toString()), "tls.insecure", "tls.trustStore");
        rejects(b -> b.set("tls.insecure", "yes"), "tls.insecure", "true, false");
        rejects(b -> b.set("tls.trustStore", dir.resolve("missing.pem").toString()), "tls.trustStore", "not a readable file");
        rejects(b -> b.set("tls.trustStore", pem.toString()), "tls.trustStore", "cannot read pem trust store");
        rejects(b -> b.set("tls.trustStore", pem.toString()).set("tls.trustStoreType", "p7b"), "tls.trustStoreType",
                "jks", "pem", "pkcs12");
    }

    @Test
    void replaceStrategyAndTemplateMustAgree() {
        assertThat(config(b -> b.set("replace.strategy", "template").set("replace.template", "DC0/vm/tpl")).replaceTemplate())
                .contains("DC0/vm/tpl");
        assertThat(config(b -> b.set("replace.strategy", "SOURCE")).replaceStrategy())
                .isEqualTo(VsphereProviderConfig.ReplaceStrategy.SOURCE);
        rejects(b -> b.set("replace.strategy", "template"), "replace.template", "required");
        rejects(b -> b.set("replace.template", "tpl"), "replace.template", "replace.strategy is 'none'");
        rejects(b -> b.set("replace.strategy", "recreate"), "replace.strategy", "none", "source", "template");
    }

    @Test
    void lookupFallbackNeedsItsTemplateWithTheNodePlaceholder() {
        assertThat(config(b -> b.set("lookup.fallback", "name")).lookupTemplate()).contains("{node}");
        assertThat(config(b -> b.set("lookup.fallback", "path").set("lookup.pathTemplate", "DC0/vm/k8s/{node}"))
                .lookupTemplate()).contains("DC0/vm/k8s/{node}");
        rejects(b -> b.set("lookup.fallback", "path"), "lookup.pathTemplate", "required");
        rejects(b -> b.set("lookup.fallback", "name").set("lookup.nameTemplate", "worker"), "lookup.nameTemplate", "{node}");
        rejects(b -> b.set("lookup.pathTemplate", "DC0/vm/{node}"), "lookup.pathTemplate", "lookup.fallback is 'none'");
        rejects(b -> b.set("lookup.fallback", "dns"), "lookup.fallback", "name", "none", "path");
    }

    @Test
    void durationsAreBounded() {
        assertThat(config(b -> b.set("session.keepAlive", "0s")).keepAlive()).isZero();
        rejects(b -> b.set("timeout.task", "0s"), "timeout.task", "allowed range");
        rejects(b -> b.set("timeout.request", "soon"), "timeout.request", "not a duration");
        rejects(b -> b.set("session.keepAlive", "2h"), "session.keepAlive", "allowed range");
    }

    @Test
    void toStringNeverShowsThePasswordAndUnknownKeysAreRefused() {
        assertThat(VsphereProviderConfig.from(minimal().build()).toString()).doesNotContain("S3cret!pw").contains("password=****");
        rejects(b -> b.set("tls.truststore", "/x"), "tls.truststore", "not a setting of the vsphere provider", "tls.trustStore");
    }
}
