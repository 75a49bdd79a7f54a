package dev.selfheal.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.InvalidConfigException;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.HealthCheckFactory;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.RecoveryStepFactory;
import dev.selfheal.core.recovery.StepCheck;
import dev.selfheal.core.recovery.StepContext;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom checks and steps are found through ServiceLoader and used in ladders by name. */
class PluginDiscoveryTest {

    @Test
    void serviceLoaderContributesChecksAndSteps() {
        assertThat(Selfheal.discoveredChecks()).extracting(HealthCheck::name).contains("site-check");
        StepRegistry registry = StepRegistry.create(List.of());
        assertThat(registry.names()).contains("site-step", "fence", "release");
        LadderCatalog catalog = LadderCatalog.create(RecoverySettings.defaults().withLadder("POD_FAILURE", List.of("site-step")), registry);
        assertThat(catalog.ladder(dev.selfheal.core.diagnosis.FailureClass.POD_FAILURE)).containsExactly("site-step");
    }

    @Test
    void aLadderNamingAnUnknownStepFailsAtStartUp() {
        StepRegistry registry = StepRegistry.create(List.of());
        assertThatThrownBy(() -> LadderCatalog.create(RecoverySettings.defaults().withLadder("NODE_UNREACHABLE", List.of("fense")), registry))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("recovery.ladders.NODE_UNREACHABLE").hasMessageContaining("unknown step 'fense'");
        assertThatThrownBy(() -> LadderCatalog.create(RecoverySettings.defaults().withLadder("NODE_GONE", List.of("fence")), registry))
                .hasMessageContaining("unknown failure class");
        RecoverySettings d = RecoverySettings.defaults();
        java.util.Map<String, java.time.Duration> timeouts = new java.util.HashMap<>(d.stepTimeouts());
        timeouts.put("site-step", java.time.Duration.ofMinutes(3));
        RecoverySettings custom = new RecoverySettings(timeouts, d.defaultStepTimeout(), d.ladders(), d.releaseMode(), d.retention());
        assertThat(LadderCatalog.create(custom, registry)).isNotNull();
        timeouts.put("replce", java.time.Duration.ofMinutes(30));
        RecoverySettings misspelt = new RecoverySettings(timeouts, d.defaultStepTimeout(), d.ladders(), d.releaseMode(), d.retention());
        assertThatThrownBy(() -> LadderCatalog.create(misspelt, registry))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("recovery.stepTimeouts.replce").hasMessageContaining("known steps");
    }

    /** A site's own check, registered in META-INF/services. */
    public static final class SiteChecks implements HealthCheckFactory {
        @Override
        public List<HealthCheck> checks() {
            return List.of(new HealthCheck() {
                @Override
                public String name() {
                    return "site-check";
                }

                @Override
                public Layer layer() {
                    return Layer.OS;
                }

                @Override
                public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
                    return Verdict.healthy(name(), node.name());
                }
            });
        }
    }

    /** A site's own step, registered in META-INF/services. */
    public static final class SiteSteps implements RecoveryStepFactory {
        @Override
        public List<RecoveryStep> steps() {
            return List.of(new RecoveryStep() {
                @Override
                public String name() {
                    return "site-step";
                }

                @Override
                public boolean destructive() {
                    return false;
                }

                @Override
                public boolean applies(StepView view) {
                    return true;
                }

                @Override
                public Remediation act(StepContext ctx) {
                    return ctx.remediation();
                }

                @Override
                public StepCheck verify(StepView view) {
                    return StepCheck.done(view.remediation(), "site step done");
                }
            });
        }
    }
}
