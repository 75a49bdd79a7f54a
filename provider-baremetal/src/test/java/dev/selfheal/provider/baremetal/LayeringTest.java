package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The provider depends on the SPI only, keeps its internals to itself and has no package cycles. */
class LayeringTest {

    /**
     * {@code importMain} leaves out test classes by ArchUnit's folder convention ({@code target/test-classes}),
     * which a build with {@code -Dselfheal.target=target-x} does not follow: filter them by location too.
     */
    private static final DescribedPredicate<JavaClass> PRODUCTION = DescribedPredicate.describe("production classes",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("/test-classes/")).orElse(true));

    private static final JavaClasses CLASSES = LayeringRules.importMain("dev.selfheal.provider.baremetal").that(PRODUCTION);

    @Test
    void importsTheProductionClassesOnly() {
        assertThat(CLASSES.contain(BareMetalProvider.class)).isTrue();
        assertThat(CLASSES.contain(LayeringTest.class)).isFalse();
    }

    @Test
    void providersDependOnSpiOnly() {
        LayeringRules.PROVIDERS_DEPEND_ON_SPI_ONLY.check(CLASSES);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(CLASSES);
    }
}
