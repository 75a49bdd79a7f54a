package dev.selfheal.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The configuration reader keeps its layering: spi and SnakeYAML only, so the healer and the agent can share it. */
class LayeringTest {

    private static final JavaClasses CONFIG = LayeringRules.importMain("dev.selfheal.config");

    @Test
    void configDependsOnSpiOnly() {
        LayeringRules.CONFIG_DEPENDS_ON_SPI_ONLY.check(CONFIG);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(CONFIG);
    }
}
