package dev.selfheal.testbed.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The SPI jar keeps its layering. It runs here because the testbed has the SPI on its class path while
 * the SPI module cannot depend on the testbed.
 */
class SpiLayeringTest {

    private static final JavaClasses SPI = LayeringRules.importMain("dev.selfheal.spi");

    @Test
    void spiDependsOnNothingOfOurs() {
        LayeringRules.SPI_DEPENDS_ON_NOTHING_OF_OURS.check(SPI);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(SPI);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(SPI);
    }
}
