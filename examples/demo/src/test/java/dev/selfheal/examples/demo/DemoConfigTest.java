package dev.selfheal.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.config.YamlConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    @Test
    void theDemoReplacesAStoppedMachineAfterATenSecondThreshold() {
        SelfhealConfig c = YamlConfigReader.read(DemoConfig.yaml(), Map.of());
        assertThat(c.checks().heartbeatLostAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.recovery().ladders()).containsEntry("MACHINE_DOWN", List.of("fence", "release", "replace", "remove-node"));
        assertThat(c.recovery().releaseMode()).isEqualTo(ReleaseMode.FORCE_DELETE);
        assertThat(c.providers()).isEmpty();
    }
}
