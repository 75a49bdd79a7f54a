package dev.selfheal.testbed.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Selfheal's layering, as ArchUnit rules that every module's tests apply to its own classes:
 * <ul>
 *   <li>{@code spi} depends on nothing of ours (JDK and slf4j only);</li>
 *   <li>providers depend on {@code spi} only: never on {@code core}, the testbed, or each other;</li>
 *   <li>{@code config} (the YAML reader shared by the healer and the node agent) depends on {@code spi} and
 *       SnakeYAML only;</li>
 *   <li>{@code core} depends on no provider;</li>
 *   <li>{@code protocol} (the healer/agent contract) depends on the JDK only;</li>
 *   <li>the node agent ({@code agent}) never uses the healer ({@code core}), nor the healer the agent: both may use
 *       {@code protocol}, {@code config} and {@code spi};</li>
 *   <li>an {@code ..internal..} package is used only from within the package that owns it;</li>
 *   <li>no package cycles.</li>
 * </ul>
 */
public final class LayeringRules {

    private LayeringRules() {
    }

    /**
     * The production classes of the given packages (test classes excluded), failing when there are none,
     * so a rule can never pass by looking at nothing.
     */
    public static JavaClasses importMain(String... packages) {
        // ArchUnit's DoNotIncludeTests knows only target/test-classes; builds may use another output folder.
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("/test-classes!");
        JavaClasses classes = new ClassFileImporter().withImportOption(mainOnly).importPackages(packages);
        if (classes.isEmpty()) {
            throw new AssertionError("no classes found in " + String.join(", ", packages));
        }
        return classes;
    }

    /** The SPI uses the JDK, slf4j and itself only. */
    public static final ArchRule SPI_DEPENDS_ON_NOTHING_OF_OURS = classes()
            .that().resideInAPackage("dev.selfheal.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.selfheal.spi..", "java..", "javax..", "org.slf4j..")
            .as("spi depends on nothing of ours (JDK and slf4j-api only)");

    /** The configuration reader uses the JDK, the SPI and SnakeYAML only, so that the healer and the agent can share it. */
    public static final ArchRule CONFIG_DEPENDS_ON_SPI_ONLY = classes()
            .that().resideInAPackage("dev.selfheal.config..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.selfheal.config..", "dev.selfheal.spi..", "java..",
                    "org.yaml.snakeyaml..")
            .as("config depends on spi and SnakeYAML only");

    /** Providers never use core, the testbed or the examples. */
    public static final ArchRule PROVIDERS_DEPEND_ON_SPI_ONLY = noClasses()
            .that().resideInAPackage("dev.selfheal.provider..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.selfheal.core..", "dev.selfheal.testbed..",
                    "dev.selfheal.examples..")
            .as("providers depend on spi only, never on core");

    /** Providers are independent of each other. */
    public static final ArchRule PROVIDERS_INDEPENDENT = slices().matching("dev.selfheal.provider.(*)..")
            .should().notDependOnEachOther()
            .as("providers do not depend on each other");

    /** Core never names a provider. */
    public static final ArchRule CORE_DEPENDS_ON_NO_PROVIDER = noClasses()
            .that().resideInAPackage("dev.selfheal.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.selfheal.provider..", "dev.selfheal.testbed..")
            .as("core depends on no provider");

    /** The healer/agent contract uses the JDK only, so that neither side drags the other's dependencies. */
    public static final ArchRule PROTOCOL_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage("dev.selfheal.protocol..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.selfheal.protocol..", "java..")
            .as("protocol depends on the JDK only");

    /** The node agent uses protocol, config and spi of ours, never the healer, a provider or the testbed. */
    public static final ArchRule AGENT_DEPENDS_ON_NO_CORE = noClasses()
            .that().resideInAPackage("dev.selfheal.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.selfheal.core..", "dev.selfheal.provider..",
                    "dev.selfheal.testbed..", "dev.selfheal.examples..")
            .as("the agent does not use core (the healer), a provider or the testbed");

    /** The healer never uses the node agent; what they share is the protocol. */
    public static final ArchRule CORE_DEPENDS_ON_NO_AGENT = noClasses()
            .that().resideInAPackage("dev.selfheal.core..")
            .should().dependOnClassesThat().resideInAPackage("dev.selfheal.agent..")
            .as("core does not use the agent");

    /** An internal package is closed to everything outside its owner. */
    public static final ArchRule INTERNAL_STAYS_INTERNAL = classes()
            .that().resideInAPackage("dev.selfheal..")
            .should(notUseForeignInternals())
            .as("nothing outside a package's owner uses ..internal..");

    /** No package cycles among our packages. */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.selfheal.(**)")
            .should().beFreeOfCycles()
            .as("no package cycles");

    private static ArchCondition<JavaClass> notUseForeignInternals() {
        return new ArchCondition<>("not use another package's internal classes") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int i = target.indexOf(".internal");
                    boolean internal = target.startsWith("dev.selfheal.") && i > 0
                            && (target.length() == i + ".internal".length() || target.charAt(i + ".internal".length()) == '.');
                    if (!internal) {
                        continue;
                    }
                    String owner = target.substring(0, i);
                    String from = origin.getPackageName();
                    if (!(from.equals(owner) || from.startsWith(owner + "."))) {
                        events.add(SimpleConditionEvent.violated(origin, d.getDescription()
                                + " reaches into " + target + ", which only " + owner + ".. may use"));
                    }
                }
            }
        };
    }
}
