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
        assertThat(o.metricsPort()).isEqualTo(8080);
    }

    @Test
    void readsTheMetricsPortAndRefusesOneOutOfRangeNamingIt() {
        assertThat(HealerOptions.parse("--metrics-port", "9464").metricsPort()).isEqualTo(9464);
        assertThat(HealerOptions.parse("--metrics-port=0").metricsPort()).isZero();
        for (String bad : new String[] {"65536", "-1", "http", "+80", "８０"}) {
            assertThatThrownBy(() -> HealerOptions.parse("--metrics-port=" + bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--metrics-port must be a whole number from 0 to 65535, not '" + bad + "'");
        }
        assertThatThrownBy(() -> HealerOptions.parse("--metrics-port")).hasMessageContaining("--metrics-port needs a port");
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
