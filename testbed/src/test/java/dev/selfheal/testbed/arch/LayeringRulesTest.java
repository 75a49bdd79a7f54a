package dev.selfheal.testbed.arch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.selfheal.agent.archfixture.AgentUsingCore;
import dev.selfheal.config.archfixture.ConfigUsingCore;
import dev.selfheal.core.archfixture.CoreThing;
import dev.selfheal.core.archfixture.a.A;
import dev.selfheal.core.archfixture.agentuser.CoreUsingAgent;
import dev.selfheal.core.archfixture.b.B;
import dev.selfheal.core.archfixture.internal.Hidden;
import dev.selfheal.provider.archfixture.BadProvider;
import dev.selfheal.protocol.archfixture.ProtocolUsingCore;
import dev.selfheal.provider.otherfixture.OtherProvider;
import dev.selfheal.spi.archfixture.Leaky;
import org.junit.jupiter.api.Test;

/** The layering rules fail on fixture classes that break them on purpose, and pass on ones that do not. */
class LayeringRulesTest {

    private final JavaClasses broken = new ClassFileImporter().importClasses(
            CoreThing.class, Hidden.class, A.class, B.class, BadProvider.class, OtherProvider.class, Leaky.class);

    @Test
    void spiRuleCatchesASpiClassUsingCore() {
        assertThatThrownBy(() -> LayeringRules.SPI_DEPENDS_ON_NOTHING_OF_OURS.check(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Leaky");
    }

    @Test
    void providerRulesCatchAProviderUsingCoreOrAnotherProvider() {
        assertThatThrownBy(() -> LayeringRules.PROVIDERS_DEPEND_ON_SPI_ONLY.check(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BadProvider").hasMessageContaining("CoreThing");
        assertThatThrownBy(() -> LayeringRules.PROVIDERS_INDEPENDENT.check(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("OtherProvider");
    }

    @Test
    void configRuleCatchesTheReaderUsingCore() {
        JavaClasses config = new ClassFileImporter().importClasses(ConfigUsingCore.class);
        assertThatThrownBy(() -> LayeringRules.CONFIG_DEPENDS_ON_SPI_ONLY.check(config))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ConfigUsingCore").hasMessageContaining("CoreThing");
    }

    @Test
    void agentRuleCatchesAnAgentClassImportingACoreClass() {
        JavaClasses agent = new ClassFileImporter().importClasses(AgentUsingCore.class);
        assertThatThrownBy(() -> LayeringRules.AGENT_DEPENDS_ON_NO_CORE.check(agent))
                .isInstanceOf(AssertionError.class).hasMessageContaining("AgentUsingCore").hasMessageContaining("CoreThing");
    }

    @Test
    void coreRuleCatchesCoreUsingTheAgent() {
        JavaClasses core = new ClassFileImporter().importClasses(CoreUsingAgent.class);
        assertThatThrownBy(() -> LayeringRules.CORE_DEPENDS_ON_NO_AGENT.check(core))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CoreUsingAgent").hasMessageContaining("AgentUsingCore");
    }

    @Test
    void protocolRuleCatchesTheContractUsingCore() {
        JavaClasses protocol = new ClassFileImporter().importClasses(ProtocolUsingCore.class);
        assertThatThrownBy(() -> LayeringRules.PROTOCOL_DEPENDS_ON_JDK_ONLY.check(protocol))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ProtocolUsingCore").hasMessageContaining("CoreThing");
    }

    @Test
    void coreRuleCatchesCoreUsingAProvider() {
        assertThatThrownBy(() -> LayeringRules.CORE_DEPENDS_ON_NO_PROVIDER.check(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CoreThing");
    }

    @Test
    void internalRuleCatchesAForeignUser() {
        assertThatThrownBy(() -> LayeringRules.INTERNAL_STAYS_INTERNAL.check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Leaky")
                .hasMessageContaining("only dev.selfheal.core.archfixture.. may use");
    }

    @Test
    void cycleRuleCatchesAPackageCycle() {
        assertThatThrownBy(() -> LayeringRules.NO_PACKAGE_CYCLES.check(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("archfixture.a").hasMessageContaining("archfixture.b");
    }

    @Test
    void rulesPassOnClassesThatKeepTheLayering() {
        JavaClasses clean = new ClassFileImporter().importClasses(OtherProvider.class, Hidden.class);
        assertThatCode(() -> {
            LayeringRules.SPI_DEPENDS_ON_NOTHING_OF_OURS.allowEmptyShould(true).check(clean);
            LayeringRules.PROVIDERS_DEPEND_ON_SPI_ONLY.check(clean);
            LayeringRules.INTERNAL_STAYS_INTERNAL.check(clean);
            LayeringRules.NO_PACKAGE_CYCLES.check(clean);
            LayeringRules.AGENT_DEPENDS_ON_NO_CORE.allowEmptyShould(true).check(clean);
            LayeringRules.CORE_DEPENDS_ON_NO_AGENT.allowEmptyShould(true).check(clean);
        }).doesNotThrowAnyException();
    }
}
