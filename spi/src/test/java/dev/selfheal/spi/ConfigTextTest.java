package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value rules that every configuration reader shares. */
class ConfigTextTest {

    private static final Function<String, IllegalStateException> BAD = IllegalStateException::new;

    @ParameterizedTest
    @CsvSource({"5,5", "+5,5", "-1,-1", "' 42 ',42", "0,0"})
    void asciiWholeNumbersAreRead(String text, int expected) {
        assertThat(ConfigText.integer(text, -5, 100, BAD)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"١٢", "１２", "߁", "1.0", "0x1", "", "--1", "101", "-6", "99999999999999"})
    void anythingElseIsRefusedStatingTheRange(String text) {
        assertThatThrownBy(() -> ConfigText.integer(text, -5, 100, BAD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowed range: -5 to 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://host/%", "https://host:99999", "https://host:0", "https:///x", "mailto:a@b", "x y"})
    void urlsAClientCannotUseAreRefused(String url) {
        assertThatThrownBy(() -> ConfigText.url(url, Set.of(), BAD)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/a\u0000b", "\u0001\u0002", " ", "a\nb"})
    void pathsWithControlCharactersOrBlankAreRefused(String path) {
        assertThatThrownBy(() -> ConfigText.path(path, BAD)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0007", "\u001b[31m"})
    void controlCharactersAreRefusedAndQuotedVisibly(String text) {
        assertThatThrownBy(() -> ConfigText.line(text, BAD)).hasMessageContaining("\\u00");
        assertThat(ConfigText.quote(text).chars().noneMatch(Character::isISOControl)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "TRUE!"})
    void onlyTrueAndFalseAreBooleans(String text) {
        assertThatThrownBy(() -> ConfigText.bool(text, BAD)).hasMessageContaining("allowed values: true, false");
    }
}
