package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.kube.RbacManifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sample configuration and the manifests this example ships are valid and agree with each other and with core. */
class ShippedFilesTest {

    private static final Path SAMPLE = Path.of("src/main/resources/selfheal.yaml");

    @Test
    void theSampleConfigurationLoads() {
        SelfhealConfig config = SelfhealConfig.load(SAMPLE);
        assertThat(config.namespace()).isEqualTo("selfheal-system");
        assertThat(config.providers()).extracting(p -> p.type()).containsExactly("aws");
        assertThat(config.gates().maxConcurrent()).isEqualTo(2);
        assertThat(config.leader().enabled()).isTrue();
    }

    @Test
    void theRbacManifestIsCoresOwnForTheSampleNamespace() throws Exception {
        String shipped = Files.readString(Path.of("deploy/rbac.yaml"));
        String body = shipped.substring(shipped.indexOf("# The cluster-wide permissions"));
        assertThat(body).isEqualTo(RbacManifests.render("selfheal-system", "selfheal"));
    }

    @Test
    void theDeploymentRunsUnderThatServiceAccountWithTheMountedConfig() throws Exception {
        Deployment d = Serialization.unmarshal(Files.readString(Path.of("deploy/deployment.yaml")), Deployment.class);
        assertThat(d.getMetadata().getNamespace()).isEqualTo(SelfhealConfig.load(SAMPLE).namespace());
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("selfheal");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("--config", HealerOptions.DEFAULT_CONFIG.toString());
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anyMatch(m -> m.getMountPath().equals(HealerOptions.DEFAULT_CONFIG.getParent().toString()));
    }
}
