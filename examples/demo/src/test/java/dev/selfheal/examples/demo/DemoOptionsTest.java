package dev.selfheal.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void noArgumentsIsTheEmbeddedTestbed() {
        assertThat(DemoOptions.parse().embedded()).isTrue();
    }

    @Test
    void anExistingClusterNeedsKubeconfigAndConfig() {
        DemoOptions o = DemoOptions.parse("--kubeconfig", "/k", "--config", "/c.yaml");
        assertThat(o.embedded()).isFalse();
        assertThat(o.kubeconfig()).contains(Path.of("/k"));
        assertThat(o.config()).contains(Path.of("/c.yaml"));
        assertThatThrownBy(() -> DemoOptions.parse("--kubeconfig", "/k")).hasMessageContaining("needs both")
                .hasMessageContaining("usage: ./demo");
        assertThatThrownBy(() -> DemoOptions.parse("--config", "/c.yaml")).hasMessageContaining("needs both");
        assertThatThrownBy(() -> DemoOptions.parse("--kill", "x")).hasMessageContaining("unknown argument '--kill'");
    }
}
