package dev.selfheal.provider.aws;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

class LayeringTest {

    /**
     * The production classes. {@code importMain} leaves out test classes by ArchUnit's folder convention
     * ({@code target/test-classes}), which a build with {@code -Dselfheal.target=target-x} does not follow, so
     * test classes are also filtered out by their location here.
     */
    private static final DescribedPredicate<JavaClass> PRODUCTION = DescribedPredicate.describe("production classes",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("/test-classes/")).orElse(true));

    private final JavaClasses classes = LayeringRules.importMain("dev.selfheal.provider.aws").that(PRODUCTION);

    @Test
    void importsTheProductionClassesOnly() {
        org.assertj.core.api.Assertions.assertThat(classes.contain(AwsProvider.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.contain(LayeringTest.class)).isFalse();
    }

    @Test
    void providerDependsOnSpiOnly() {
        LayeringRules.PROVIDERS_DEPEND_ON_SPI_ONLY.check(classes);
    }

    @Test
    void internalsStayInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(classes);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(classes);
    }
}
