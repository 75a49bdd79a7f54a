package dev.selfheal.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The CLI uses core and spi only: no provider, no testbed, no example, no foreign internals. */
class LayeringTest {

    private static final JavaClasses CLI = LayeringRules.importMain("dev.selfheal.cli");

    @Test
    void usesCoreAndSpiOnly() {
        noClasses().that().resideInAPackage("dev.selfheal.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.selfheal.provider..", "dev.selfheal.testbed..", "dev.selfheal.examples..")
                .check(CLI);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(CLI);
    }
}
