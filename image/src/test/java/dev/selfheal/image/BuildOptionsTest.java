package dev.selfheal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BuildOptionsTest {

    private static final String[] REQUIRED = {"--name=docker.io/library/app:1", "--output=target/x.tar",
        "--jar=target/app.jar", "--lib=target/lib", "--modules=java.base, java.logging", "--user=65532"};

    @Test
    void entrypointRunsTheJarWithTheJavaOptionsAndLabelsAreKept() {
        String[] args = concat(REQUIRED, "--java-option=-Xmx32m", "--label=org.opencontainers.image.version=1");
        BuildOptions o = BuildOptions.parse(args);
        assertThat(o.config().entrypoint()).containsExactly("/opt/java/bin/java", "-Xmx32m", "-jar", "/opt/selfheal/app.jar");
        assertThat(o.config().labels()).containsEntry("org.opencontainers.image.version", "1");
        assertThat(o.modules()).containsExactly("java.base", "java.logging");
        assertThat(o.config().created()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void anUnknownArgumentIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(() -> BuildOptions.parse(concat(REQUIRED, "--usr=0")))
                .hasMessageContaining("'--usr=0'").hasMessageContaining("--user=");
    }

    @Test
    void aMissingArgumentIsNamed() {
        assertThatThrownBy(() -> BuildOptions.parse("--name=docker.io/library/app:1"))
                .hasMessageContaining("is required").hasMessageContaining("--");
    }

    @Test
    void aNonNumericUserAndAShortNameAreRefused() {
        assertThatThrownBy(() -> BuildOptions.parse(concat(REQUIRED, "--user=nobody")))
                .hasMessageContaining("user 'nobody' must be a numeric uid");
        assertThatThrownBy(() -> BuildOptions.parse(concat(REQUIRED, "--name=app:1")))
                .hasMessageContaining("image name 'app:1' must be fully qualified");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
