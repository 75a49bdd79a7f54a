package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Providers' flat settings follow the same value rules as the YAML readers, each error naming the setting. */
class ProviderConfigRulesTest {

    private static ProviderConfig with(String key, String value) {
        return ProviderConfig.builder("aws").set(key, value).build();
    }

    static Stream<Arguments> refused() {
        return Stream.<Arguments>of(
                Arguments.of("n", "١٢", (Function<ProviderConfig, Object>) c -> c.integer("n", 1, 0, 100), "allowed range: 0 to 100"),
                Arguments.of("n", "１", (Function<ProviderConfig, Object>) c -> c.integer("n", 1, 0, 100), "ASCII digits"),
                Arguments.of("n", "101", (Function<ProviderConfig, Object>) c -> c.integer("n", 1, 0, 100), "allowed range: 0 to 100"),
                Arguments.of("u", "https://host/%", (Function<ProviderConfig, Object>) c -> c.uri("u"), "not a URI"),
                Arguments.of("u", "https://host:99999", (Function<ProviderConfig, Object>) c -> c.uri("u"), "1 to 65535"),
                Arguments.of("u", "https://host:0", (Function<ProviderConfig, Object>) c -> c.uri("u"), "1 to 65535"),
                Arguments.of("p", "/a\u0000b", (Function<ProviderConfig, Object>) c -> c.path("p"), "control character"),
                Arguments.of("s", "\u0001\u0002", (Function<ProviderConfig, Object>) c -> c.string("s"), "control character"),
                Arguments.of("b", "yes", (Function<ProviderConfig, Object>) c -> c.bool("b", false), "true, false"),
                Arguments.of("d", "٥s", (Function<ProviderConfig, Object>) c -> c.duration("d", Duration.ZERO, Duration.ZERO,
                        Duration.ofHours(1)), "not a duration"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void eachBadValueIsRefusedNamingTheSetting(String key, String value, Function<ProviderConfig, Object> read, String fragment) {
        assertThatThrownBy(() -> read.apply(with(key, value))).isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining(fragment).satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(key));
    }

    @Test
    void aBlankValueIsNotSetAndATypeOrNameOfControlCharactersIsRefused() {
        assertThat(with("n", "  ").integer("n", 7, 0, 100)).isEqualTo(7);
        assertThat(with("s", "").string("s")).isEmpty();
        assertThatThrownBy(() -> ProviderConfig.builder("\u0001\u0002")).isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("type").hasMessageContaining("\\u0001");
        assertThatThrownBy(() -> ProviderConfig.builder(" ")).isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("is required");
        assertThatThrownBy(() -> ProviderConfig.builder("aws").name("a\u0000")).isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("name");
    }
}
