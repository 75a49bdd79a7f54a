package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

    private final ProviderConfig config = ProviderConfig.builder("AWS")
            .set("region", "eu-west-1")
            .set("timeout", "30s")
            .set("iso", "PT2M")
            .set("count", "7")
            .set("flag", "TRUE")
            .set("bad", "soon")
            .secret("password", "hunter2")
            .build();

    @Test
    void typedAccessorsParseValues() {
        assertThat(config.type()).isEqualTo("aws");
        assertThat(config.name()).isEqualTo("aws");
        assertThat(config.require("region")).isEqualTo("eu-west-1");
        assertThat(config.duration("timeout", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))).hasSeconds(30);
        assertThat(config.duration("iso", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))).hasMinutes(2);
        assertThat(config.duration("absent", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1))).hasSeconds(5);
        assertThat(config.integer("count", 1, 0, 10)).isEqualTo(7);
        assertThat(config.bool("flag", false)).isTrue();
        assertThat(config.requireSecret("password").reveal()).isEqualTo("hunter2");
    }

    @Test
    void badValuesNameTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> config.duration("bad", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("provider 'aws', field 'bad'")
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> config.integer("count", 1, 0, 5))
                .hasMessageContaining("field 'count'").hasMessageContaining("allowed range: 0 to 5");
        assertThatThrownBy(() -> config.oneOf("region", null, Set.of("us-east-1", "us-west-2")))
                .hasMessageContaining("allowed values: [us-east-1, us-west-2]");
        assertThatThrownBy(() -> config.require("endpoint"))
                .isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("field 'endpoint': is required");
        assertThatThrownBy(() -> config.bool("region", false)).hasMessageContaining("allowed values: true, false");
    }

    @Test
    void secretsNeverPrint() {
        assertThat(config.toString()).doesNotContain("hunter2").contains("password");
        assertThat(Secret.of("hunter2").toString()).isEqualTo("****");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"https://AKIA:pa55-canary@ec2.local:4566",
            "http://pa55-canary@vcenter/sdk", "https://u:pa55%2Fcanary@h", "https://u:pa55 canary@h/x",
            "https://u:pa55-canary@h:99999999/", "u:pa55-canary@host"})
    void urlsWithUserInformationAreRefusedWithoutShowingIt(String url) {
        ProviderConfig c = ProviderConfig.builder("aws").set("endpoint", url).build();
        assertThatThrownBy(() -> c.uri("endpoint")).isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("'endpoint'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55"));
        if (url.contains("://")) {
            assertThat(c.toString()).doesNotContain("pa55");
        }
    }

    @Test
    void aUrlWithoutUserInformationIsRead() {
        ProviderConfig c = ProviderConfig.builder("aws").set("endpoint", "https://ec2.local:4566/p@th").build();
        assertThat(c.uri("endpoint")).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("ec2.local"));
    }
}
