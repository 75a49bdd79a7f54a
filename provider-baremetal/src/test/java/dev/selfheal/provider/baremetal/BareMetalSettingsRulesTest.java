package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings the shared value rules refuse, through the factory as the healer creates a provider. */
class BareMetalSettingsRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls.trustStore|'/'|not a regular file",
        "tls.trustStore|'/dev/zero'|not a regular file",
        "tls.trustStore|'/etc/a\u0000b'|control character",
        "credentialsDir|'/etc/\u0000'|control character",
        "fence.agentDir|'/usr/\u0000'|control character",
        "concurrency|'٤'|allowed range: 1 to 64",
        "ipmi.cipherSuite|'99'|allowed range: 0 to 17",
        "nodes.n1.address|'\u0001\u0002'|control character",
        "protocol|'\u0001'|control character"})
    void aBadSettingIsRefusedByCreateNamingIt(String key, String value, String fragment) {
        ProviderConfig config = ProviderConfig.builder("baremetal").set(key, value).build();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                new BareMetalProviderFactory().create(ProviderContext.of(config)))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(key)));
    }
}
