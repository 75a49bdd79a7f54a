package dev.selfheal.provider.baremetal.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsResolverTest {

    @TempDir
    Path root;

    private CredentialsResolver resolver(Map<String, String> env) {
        BmcCredentials fromConfig = new BmcCredentials("cfg-user", Secret.of("cfg-pass"),
                new CredentialsRef(CredentialsRef.Kind.CONFIG, "rack"));
        return new CredentialsResolver(root, Map.of("rack", fromConfig), env::get);
    }

    @Test
    void aMountedSecretFolderIsReadWithoutItsTrailingNewline() throws Exception {
        Path dir = Files.createDirectories(root.resolve("bmc-w1"));
        Files.writeString(dir.resolve("username"), "admin\n");
        Files.writeString(dir.resolve("password"), "p@ss word\r\n");
        BmcCredentials c = resolver(Map.of()).resolve(CredentialsRef.parse("secret:bmc-w1", true), "m");
        assertThat(c.username()).isEqualTo("admin");
        assertThat(c.password().reveal()).isEqualTo("p@ss word");
        assertThat(c.toString()).isEqualTo("credentials from secret:bmc-w1");
        assertThat(resolver(Map.of()).resolve(CredentialsRef.parse("dir:" + dir, false), "m").username()).isEqualTo("admin");
    }

    @Test
    void environmentAndConfigCredentials() {
        CredentialsResolver r = resolver(Map.of("BMC_USERNAME", "env-user", "BMC_PASSWORD", "env-pass"));
        assertThat(r.resolve(CredentialsRef.parse("env:BMC", false), "m").password().reveal()).isEqualTo("env-pass");
        assertThat(r.resolve(CredentialsRef.parse("config:rack", true), "m").username()).isEqualTo("cfg-user");
        assertThatThrownBy(() -> r.resolve(CredentialsRef.parse("env:OTHER", false), "m"))
                .isInstanceOf(PermanentProviderException.class).hasMessageContaining("OTHER_USERNAME and OTHER_PASSWORD");
    }

    @Test
    void aMissingFileIsNamedAndNoValueLeaks() throws Exception {
        Path dir = Files.createDirectories(root.resolve("half"));
        Files.writeString(dir.resolve("username"), "admin-user-name");
        assertThatThrownBy(() -> resolver(Map.of()).resolve(CredentialsRef.parse("secret:half", true), "baremetal:ipmi://x (node w1)"))
                .isInstanceOf(PermanentProviderException.class)
                .hasMessageContainingAll("read BMC credentials", "node w1", "secret:half", dir.resolve("password").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("admin-user-name"));
    }

    @Test
    void referencesAreParsedStrictly() {
        assertThatThrownBy(() -> CredentialsRef.parse("secret:../etc", true)).hasMessageContaining("not a valid name");
        assertThatThrownBy(() -> CredentialsRef.parse("env:BMC", true)).hasMessageContaining("node label");
        assertThatThrownBy(() -> CredentialsRef.parse("dir:relative", false)).hasMessageContaining("absolute");
        assertThatThrownBy(() -> CredentialsRef.parse("hunter2", false)).hasMessageContaining("expected secret:<name>");
        assertThat(CredentialsRef.parse("SECRET:bmc", true).toString()).isEqualTo("secret:bmc");
    }
}
