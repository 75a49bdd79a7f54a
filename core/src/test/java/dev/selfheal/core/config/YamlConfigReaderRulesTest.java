package dev.selfheal.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The healer's YAML, one table per class of input that used to be misread or to crash the reader. */
class YamlConfigReaderRulesTest {

    @TempDir
    static Path dir;

    private static SelfhealConfig read(String yaml) {
        return YamlConfigReader.read(yaml, Map.of("PW", "s3cret"));
    }

    @Test
    void aliasesReadAsTheValueTheyReferToAndAnUndefinedOneIsRefused() {
        SelfhealConfig c = read("""
                checks: {notReadyAfter: &t 45s, heartbeatLostAfter: *t}
                recovery: {ladders: {NODE_UNREACHABLE: &l [reboot, fence], NODE_NOT_READY: *l}}
                """);
        assertThat(c.checks().heartbeatLostAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.recovery().ladders().get("NODE_NOT_READY")).containsExactly("reboot", "fence");
        assertThatThrownBy(() -> read("namespace: *a")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("(document)").hasMessageContaining("undefined alias");
        assertThat(read("identity: &a healer-1\nnamespace: *a").namespace()).isEqualTo("healer-1");
    }

    @Test
    void aYamlNullIsNotSetNeverTheTextNull() {
        SelfhealConfig c = read("""
                namespace: ~
                identity:
                checks: {notReadyAfter: null}
                providers:
                  - type: baremetal
                    settings: {nodes.n1.address: ~, callTimeout: 20s, username:}
                    secretsFromEnv: {password: ~}
                """);
        assertThat(c.namespace()).isEqualTo("selfheal-system");
        assertThat(c.checks().notReadyAfter()).isEqualTo(CheckSettings.defaults().notReadyAfter());
        ProviderConfig p = c.providers().get(0);
        assertThat(p.keys()).containsExactly("callTimeout");
        assertThat(p.secret("password")).isEmpty();
        assertThatThrownBy(() -> read("checks: {problemConditions: [~]}")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("checks.problemConditions[0]").hasMessageContaining("null");
        assertThatThrownBy(() -> read("providers: [{type: ~}]")).hasMessageContaining("providers[0].type")
                .hasMessageContaining("is required");
        assertThatThrownBy(() -> read("providers: [~]")).hasMessageContaining("providers[0]");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("providers: [{type: aws, secretsFromFiles: {k: \"/run/a\\0b\"}}]", "providers[0].secretsFromFiles.k"),
                Arguments.of("providers: [{type: \"\\x01\\x02\"}]", "providers[0].type"),
                Arguments.of("providers: [{type: aws, name: \"a\\0\"}]", "providers[0].name"),
                Arguments.of("providers: [{type: aws, settings: {url: \"\\x07\"}}]", "providers[0].settings.url"),
                Arguments.of("namespace: [a]", "namespace"),
                Arguments.of("recovery: {ladders: {NODE_UNREACHABLE: [reboot, [fence]]}}", "recovery.ladders.NODE_UNREACHABLE[1]"),
                Arguments.of("recovery: {ladders: {NODE_UNREACHABLE: [reboot, '']}}", "recovery.ladders.NODE_UNREACHABLE[1]"),
                Arguments.of("recovery: {stepTimeouts: {fence: [1m]}}", "recovery.stepTimeouts.fence"),
                Arguments.of("gates: {maxConcurrent: ٣}", "gates.maxConcurrent"),
                Arguments.of("gates: {maxUnhealthy: ٣٠%}", "gates.maxUnhealthy"),
                Arguments.of("resilience: {retryAttempts: 99999999999}", "resilience.retryAttempts"),
                Arguments.of("dryRun: yes", "dryRun"),
                Arguments.of("gates: {maxAttempts: 3, maxAttempts: 4}", "gates.maxAttempts"),
                Arguments.of("providers: [{type: aws, settings: {region: a, region: b}}]", "providers[0].settings.region"),
                Arguments.of("leader: &x {enabled: true}\ngates: {<<: *x}", "gates.<<"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void everyBadValueIsRefusedWhenReadNamingItsField(String yaml, String field) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).field()).isEqualTo(field));
    }

    @Test
    void integerErrorsStateTheAllowedRange() {
        assertThatThrownBy(() -> read("gates: {maxConcurrent: ٣}")).hasMessageContaining("allowed range: 1 to 1000");
        assertThatThrownBy(() -> read("checks: {maxListed: lots}")).hasMessageContaining("allowed range: 1 to 1000");
    }

    static Stream<Arguments> secretFiles() throws Exception {
        Path fifo = dir.resolve("fifo");
        if (!Files.exists(fifo)) {
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        }
        Path big = Files.write(dir.resolve("big"), new byte[(1 << 20) + 1]);
        return Stream.of(Arguments.of(fifo.toString(), "special file"), Arguments.of("/dev/zero", "special file"),
                Arguments.of(dir.toString(), "a directory"), Arguments.of(big.toString(), "larger than 1 MiB"),
                Arguments.of(dir.resolve("missing").toString(), "does not exist"));
    }

    @ParameterizedTest
    @MethodSource("secretFiles")
    void aSecretFileMustBeARegularFileOfAtMostOneMebibyte(String file, String kind) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                read("providers: [{type: aws, secretsFromFiles: {secretAccessKey: '" + file + "'}}]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("providers[0].secretsFromFiles.secretAccessKey")
                .hasMessageContaining(kind));
    }

    @Test
    void aRegularSecretFileIsReadAndTheConfigFileItselfMustBeRegular() throws Exception {
        Path secret = Files.writeString(dir.resolve("key"), "s3cret\n");
        SelfhealConfig c = read("providers: [{type: aws, secretsFromFiles: {secretAccessKey: '" + secret + "'}}]");
        assertThat(c.providers().get(0).requireSecret("secretAccessKey").reveal()).isEqualTo("s3cret");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> YamlConfigReader.read(Path.of("/dev/zero")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("(file)").hasMessageContaining("special file"));
        assertThat(List.of(c.providers().get(0).toString())).noneMatch(s -> s.contains("s3cret"));
    }
}
