package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HealerOptionsTest {

    @Test
    void defaultsToDiscoveryAndTheMountedConfig() {
        HealerOptions o = HealerOptions.parse();
        assertThat(o.kubeconfig()).isEmpty();
        assertThat(o.config()).isEqualTo(HealerOptions.DEFAULT_CONFIG);
    }

    @Test
    void readsBothFilesInEitherForm() {
        HealerOptions o = HealerOptions.parse("--kubeconfig", "/k/config", "--config=/c/selfheal.yaml");
        assertThat(o.kubeconfig()).contains(Path.of("/k/config"));
        assertThat(o.config()).isEqualTo(Path.of("/c/selfheal.yaml"));
    }

    @Test
    void refusesUnknownArgumentsAndMissingValuesWithTheUsage() {
        assertThatThrownBy(() -> HealerOptions.parse("--kubecfg", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown argument '--kubecfg'").hasMessageContaining("usage:");
        assertThatThrownBy(() -> HealerOptions.parse("--config")).hasMessageContaining("--config needs a file");
        assertThatThrownBy(() -> HealerOptions.parse("--kubeconfig", "--config", "x"))
                .hasMessageContaining("--kubeconfig needs a file");
    }
}
