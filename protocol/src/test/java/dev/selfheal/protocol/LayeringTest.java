package dev.selfheal.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.selfheal.testbed.arch.LayeringRules;
import org.junit.jupiter.api.Test;

/** The healer/agent contract keeps its layering: the JDK only, no package cycles. */
class LayeringTest {

    private static final JavaClasses PROTOCOL = LayeringRules.importMain("dev.selfheal.protocol");

    @Test
    void protocolDependsOnTheJdkOnly() {
        LayeringRules.PROTOCOL_DEPENDS_ON_JDK_ONLY.check(PROTOCOL);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(PROTOCOL);
    }
}
