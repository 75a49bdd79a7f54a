package dev.selfheal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The shared reader's rules, one table per class of misread input. */
class ConfigMapTest {

    /** The exception of a test configuration, naming the field. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        Bad(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }
    }

    private static ConfigMap parse(String yaml) {
        return YamlDocument.parse(yaml, Bad::new).orElseThrow();
    }

    static Stream<Arguments> aliases() {
        return Stream.of(
                Arguments.of("d: &a 45s\nv: *a", "45s"),
                Arguments.of("d: &a 'x y'\nv: *a", "x y"),
                Arguments.of("l: &a {k: deep}\nv: *a", null));
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void anAliasReadsAsTheValueItRefersToNeverAsItsName(String yaml, String expected) {
        ConfigMap m = parse(yaml);
        if (expected == null) {
            assertThat(m.child("v").orElseThrow().text("k")).contains("deep");
        } else {
            assertThat(m.text("v")).contains(expected);
        }
    }

    static Stream<Arguments> refusedDocuments() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(9))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        return Stream.of(
                Arguments.of("v: *nowhere", "(document)", "undefined alias"),
                Arguments.of(bomb.toString(), "(document)", "aliases"),
                Arguments.of("a: 1\na: 2", "a", "twice"),
                Arguments.of("s: {k: 1, k: 2}", "s.k", "twice"),
                Arguments.of("b: &b {k: 1}\nc: {<<: *b}", "c.<<", "merge keys"),
                Arguments.of("[1, 2]", "(document)", "mapping"),
                Arguments.of("a: 1\n---\nb: 2", "(document)", "not valid YAML"),
                Arguments.of("a: [1\n", "(document)", "not valid YAML"),
                Arguments.of("? [k]\n: v", "(document)", "text keys"),
                Arguments.of("~: v", "(document)", "text keys"),
                Arguments.of("\"a\\0b\": v", "'a\\u0000b'", "control character"),
                Arguments.of("a: " + "[".repeat(100) + "]".repeat(100), "(document)", "not valid YAML"));
    }

    @ParameterizedTest
    @MethodSource("refusedDocuments")
    void aDocumentThatCannotBeReadOneWayIsRefusedNamingTheField(String yaml, String field, String fragment) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(Bad.class).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((Bad) e).field).isEqualTo(field));
    }

    @Test
    void aYamlNullIsNotSetEverywhereAndAnErrorInsideAList() {
        ConfigMap m = parse("a: ~\nb: null\nc:\nd: [x, ~]\ne: {k: ~, j: v}\nf: 'null'");
        assertThat(m.text("a")).isEmpty();
        assertThat(m.text("b")).isEmpty();
        assertThat(m.text("c")).isEmpty();
        assertThat(m.integer("a", 0, 1)).isEmpty();
        assertThat(m.child("c")).isEmpty();
        assertThat(m.has("a")).isFalse();
        assertThat(m.texts("e")).contains(Map.of("j", "v"));
        assertThat(m.text("f")).as("a quoted 'null' is text").contains("null");
        assertThatThrownBy(() -> m.strings("d")).isInstanceOf(Bad.class).hasMessageContaining("d[1]").hasMessageContaining("null");
        assertThatThrownBy(() -> parse("l: [~]").children("l", Set.of())).hasMessageContaining("l[0]");
    }

    static Stream<Arguments> refusedValues() {
        return Stream.of(
                Arguments.of("v: [a]", "single value"),
                Arguments.of("v: {a: b}", "single value"),
                Arguments.of("v: \"a\\0b\"", "control character"),
                Arguments.of("v: \"\\x01\\x02\"", "control character"));
    }

    @ParameterizedTest
    @MethodSource("refusedValues")
    void aListMappingOrControlCharacterWhereASingleValueBelongsIsRefused(String yaml, String fragment) {
        assertThatThrownBy(() -> parse(yaml).text("v")).isInstanceOf(Bad.class).hasMessageContaining("v:")
                .hasMessageContaining(fragment);
        assertThatThrownBy(() -> parse("l: [" + yaml.substring(3) + "]").strings("l")).isInstanceOf(Bad.class)
                .hasMessageContaining("l[0]");
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("7", 7), Arguments.of("+7", 7), Arguments.of("-3", -3), Arguments.of("'12'", 12),
                Arguments.of("١٢", null), Arguments.of("１２", null), Arguments.of("0x10", null), Arguments.of("1_000", null),
                Arguments.of("3.0", null), Arguments.of("99999999999", null), Arguments.of("1e3", null));
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void onlyAsciiDigitsAreNumbersAndErrorsStateTheRange(String text, Integer expected) {
        ConfigMap m = parse("n: " + text);
        if (expected != null) {
            assertThat(m.integer("n", -10, 100)).contains(expected);
        } else {
            assertThatThrownBy(() -> m.integer("n", -10, 100)).isInstanceOf(Bad.class)
                    .hasMessageContaining("allowed range: -10 to 100");
        }
        assertThatThrownBy(() -> parse("n: 101").integer("n", -10, 100)).hasMessageContaining("allowed range: -10 to 100");
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of("https://host:6443/readyz", true),
                Arguments.of("http://[::1]:2379", true),
                Arguments.of("https://host/%", false),
                Arguments.of("https://host:99999/", false),
                Arguments.of("https://host:0/", false),
                Arguments.of("https:///path", false),
                Arguments.of("ftp://host/", false),
                Arguments.of("host:80", false),
                Arguments.of("https://ho st/", false));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void urlsTheJdkOrAClientWouldRefuseAreRefusedWhenRead(String url, boolean ok) {
        ConfigMap m = parse("u: '" + url + "'");
        if (ok) {
            assertThat(m.url("u", Set.of("http", "https"))).isPresent();
        } else {
            assertThatThrownBy(() -> m.url("u", Set.of("http", "https"))).isInstanceOf(Bad.class).hasMessageContaining("u:");
        }
    }

    @Test
    void pathsAndDurationsAreValidatedWhereRead() {
        assertThatThrownBy(() -> parse("p: \"/etc/a\\0b\"").path("p")).isInstanceOf(Bad.class).hasMessageContaining("p:");
        assertThatThrownBy(() -> parse("p: ' '").path("p")).isInstanceOf(Bad.class).hasMessageContaining("blank");
        assertThat(parse("d: 90s").duration("d", Duration.ZERO, Duration.ofMinutes(5))).contains(Duration.ofSeconds(90));
        assertThatThrownBy(() -> parse("d: 1h").duration("d", Duration.ZERO, Duration.ofMinutes(5)))
                .hasMessageContaining("allowed range");
        assertThatThrownBy(() -> parse("d: soon").duration("d", null, null)).hasMessageContaining("not a duration");
        assertThat(parse("l: [a, b]").strings("l")).contains(List.of("a", "b"));
        assertThatThrownBy(() -> parse("l: [a, [b]]").strings("l")).hasMessageContaining("l[1]");
        assertThatThrownBy(() -> parse("x: 1").known(Set.of("y"))).hasMessageContaining("unknown key");
    }
}
