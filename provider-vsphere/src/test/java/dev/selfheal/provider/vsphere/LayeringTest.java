package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.provider.vsphere.internal.SoapVimClient;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The provider's production classes follow Selfheal's layering. */
class LayeringTest {

    /**
     * {@code importMain} leaves out test classes by ArchUnit's folder convention ({@code target/test-classes}),
     * which a build with {@code -Dselfheal.target=target-x} does not follow; so they are filtered by location too.
     */
    private static final DescribedPredicate<JavaClass> PRODUCTION = DescribedPredicate.describe("production classes",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("/test-classes/")).orElse(true));

    private static final JavaClasses MAIN = LayeringRules.importMain("dev.selfheal.provider.vsphere").that(PRODUCTION);

    @Test
    void importsTheProductionClassesOnly() {
        assertThat(MAIN.contain(VsphereProvider.class)).isTrue();
        assertThat(MAIN.contain(SoapVimClient.class)).isTrue();
        assertThat(MAIN.contain(LayeringTest.class)).isFalse();
    }

    @Test
    void dependsOnTheSpiOnly() {
        LayeringRules.PROVIDERS_DEPEND_ON_SPI_ONLY.check(MAIN);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(MAIN);
    }

    @Test
    void hasNoPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(MAIN);
    }
}
