package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings the shared value rules refuse, through the factory as the healer creates a provider: unknown keys
 * like the other providers, trust stores that are not regular files, unusable URLs and non-ASCII numbers.
 */
class VsphereSettingsRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls.truststore|'/etc/ca.pem'|not a setting of the vsphere provider",
        "tls.trustStore|'/'|not a readable file",
        "tls.trustStore|'/dev/zero'|not a readable file",
        "tls.trustStore|'/etc/a\u0000b'|control character",
        "url|'https://vc.example.com/%'|not a URI",
        "url|'https://vc.example.com:99999/sdk'|1 to 65535",
        "timeout.task|'١m'|not a duration",
        "datacenter|'\u0007'|control character"})
    void aBadSettingIsRefusedByCreateNamingIt(String key, String value, String fragment) {
        ProviderConfig config = ProviderConfig.builder("vsphere").set("url", "https://vc.example.com/sdk")
                .set("username", "healer").secret("password", "pw").set(key, value).build();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                new VsphereProviderFactory().create(ProviderContext.of(config)))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(key)));
    }
}
