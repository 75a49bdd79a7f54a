package dev.selfheal.agent;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The node agent keeps its layering: never the healer (core), no foreign internals, no package cycles. */
class LayeringTest {

    private static final JavaClasses AGENT = LayeringRules.importMain("dev.selfheal.agent");

    @Test
    void agentDependsOnNoCore() {
        LayeringRules.AGENT_DEPENDS_ON_NO_CORE.check(AGENT);
    }

    @Test
    void internalStaysInternal() {
        LayeringRules.INTERNAL_STAYS_INTERNAL.check(AGENT);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(AGENT);
    }
}
