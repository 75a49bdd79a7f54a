package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings the shared value rules refuse, through the factory as the healer creates a provider. */
class AwsSettingsRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxAttempts|'٣'|allowed range: 1 to 10",
        "maxAttempts|'11'|allowed range: 1 to 10",
        "endpoint|'https://ec2.local/%'|not a URI",
        "endpoint|'https://ec2.local:99999'|1 to 65535",
        "endpoint|'https://ec2.local:0'|1 to 65535",
        "connectTimeout|'٥s'|not a duration",
        "region|'\u0001\u0002'|control character",
        "markUnhealthyBeforeReplace|'yes'|true, false",
        "regoin|'eu-west-1'|not a setting"})
    void aBadSettingIsRefusedByCreateNamingIt(String key, String value, String fragment) {
        ProviderConfig config = ProviderConfig.builder("aws").set(key, value).build();
        assertThatThrownBy(() -> new AwsProviderFactory().create(ProviderContext.of(config)))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(key));
    }
}
