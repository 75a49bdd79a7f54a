package dev.selfheal.core.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** Core keeps the layering: no provider, not the node agent, no foreign internals, no package cycles. */
class LayeringTest {

    private static final JavaClasses CORE = LayeringRules.importMain("dev.selfheal.core");

    @Test
    void coreDependsOnNoProvider() {
        LayeringRules.CORE_DEPENDS_ON_NO_PROVIDER.check(CORE);
    }

    @Test
    void coreDependsOnNoAgent() {
        LayeringRules.CORE_DEPENDS_ON_NO_AGENT.check(CORE);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(CORE);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(CORE);
    }
}
