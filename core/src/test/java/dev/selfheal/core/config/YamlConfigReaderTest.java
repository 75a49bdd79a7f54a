package dev.selfheal.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.checks.BuiltInCheckParams;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlConfigReaderTest {

    @Test
    void readsEverySectionAndKeepsDefaultsForTheRest() {
        SelfhealConfig c = YamlConfigReader.read("""
                namespace: ops
                identity: healer-1
                dryRun: true
                checks: {heartbeatLostAfter: 15s, problemConditions: [KernelDeadlock]}
                gates: {maxUnhealthy: 30%, maxConcurrent: 4}
                recovery:
                  releaseMode: force-delete
                  replaceWithLocalVolumes: true
                  stepTimeouts: {fence: 2m}
                  ladders: {NODE_UNREACHABLE: [fence, release]}
                resilience: {retryAttempts: 5}
                leader: {enabled: false}
                providers:
                  - type: aws
                    settings: {region: eu-west-1}
                    secretsFromEnv: {secretAccessKey: AWS_SECRET}
                """, Map.of("AWS_SECRET", "s3cr3t"));
        assertThat(c.namespace()).isEqualTo("ops");
        assertThat(c.dryRun()).isTrue();
        assertThat(c.checks().heartbeatLostAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.checks().notReadyAfter()).isEqualTo(CheckSettings.defaults().notReadyAfter());
        assertThat(c.gates().maxUnhealthy().limit(10)).isEqualTo(3);
        assertThat(c.gates().maxConcurrent()).isEqualTo(4);
        assertThat(c.recovery().releaseMode()).isEqualTo(ReleaseMode.FORCE_DELETE);
        assertThat(c.recovery().timeout("fence")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.recovery().ladders()).containsEntry("NODE_UNREACHABLE", java.util.List.of("fence", "release"));
        assertThat(c.recovery().replaceWithLocalVolumes()).isTrue();
        assertThat(c.resilience().retryAttempts()).isEqualTo(5);
        assertThat(c.leader().enabled()).isFalse();
        assertThat(c.providers()).hasSize(1);
        assertThat(c.providers().get(0).requireSecret("secretAccessKey").reveal()).isEqualTo("s3cr3t");
        assertThat(c.providers().get(0).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void everyCheckThresholdIsConfigurableAndTheDefaultsAreTheChecksOwn() {
        SelfhealConfig c = YamlConfigReader.read("""
                checks: {statefulPodsHeldAfter: 2m, volumeAttachmentHeldAfter: 90s, maxListed: 5, crashLoopRestarts: 3}
                """, Map.of());
        BuiltInCheckParams p = c.checks().toParams();
        assertThat(p.statefulPodsHeldAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.volumeAttachmentHeldAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.maxListed()).isEqualTo(5);
        assertThat(p.crashLoopRestarts()).isEqualTo(3);
        assertThat(p.notReadyAfter()).isEqualTo(BuiltInCheckParams.defaults().notReadyAfter());
        assertThat(CheckSettings.defaults().toParams()).isEqualTo(BuiltInCheckParams.defaults());
        assertThatThrownBy(() -> YamlConfigReader.read("checks: {problemConditions: [KernelDeadlock, Ready]}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("checks")
                .hasMessageContaining("problemConditions must not hold Ready");
        assertThatThrownBy(() -> YamlConfigReader.read("checks: {maxListed: 0}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("checks.maxListed").hasMessageContaining("1 to 1000");
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {maxConcurrent: 0}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.maxConcurrent").hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> YamlConfigReader.read("checks: {notReadyAfter: soon}", Map.of()))
                .hasMessageContaining("checks.notReadyAfter").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {maxUnhealthy: many}", Map.of()))
                .hasMessageContaining("gates.maxUnhealthy");
        assertThatThrownBy(() -> YamlConfigReader.read("recovery: {releaseMode: sometimes}", Map.of()))
                .hasMessageContaining("allowed values: AUTO, OUT_OF_SERVICE_TAINT, FORCE_DELETE");
        assertThatThrownBy(() -> YamlConfigReader.read("recovery: {retention: 10m}\ngates: {attemptWindow: 1h}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("recovery.retention")
                .hasMessageContaining("gates.attemptWindow");
        assertThatThrownBy(() -> YamlConfigReader.read("providers: [{type: aws, settings: {tls: {trustStore: /x}}}]", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("providers[0].settings.tls")
                .hasMessageContaining("tls.trustStore");
        assertThatThrownBy(() -> YamlConfigReader.read("providers: [{type: ' '}]", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("providers[0].type");
        assertThatThrownBy(() -> YamlConfigReader.read("gatez: {}", Map.of()))
                .hasMessageContaining("'gatez': unknown key").hasMessageContaining("gates");
        assertThatThrownBy(() -> YamlConfigReader.read("providers: [{type: aws, secretsFromEnv: {k: MISSING}}]", Map.of()))
                .hasMessageContaining("providers[0].secretsFromEnv.k").hasMessageContaining("MISSING is not set");
        assertThatThrownBy(() -> YamlConfigReader.read("leader: {leaseDuration: 5s, renewDeadline: 10s}", Map.of()))
                .hasMessageContaining("leader.renewDeadline");
    }

    @Test
    void domainStormIsOffByDefaultReadWhenGivenAndCheckedField() {
        assertThat(YamlConfigReader.read("gates: {maxUnhealthy: 40%}", Map.of()).gates().domainStorm()).isNull();
        DomainStormSettings d = YamlConfigReader.read("gates: {domainStorm: {label: topology.kubernetes.io/zone, maxUnhealthy: 50%}}",
                Map.of()).gates().domainStorm();
        assertThat(d.label()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(d.maxUnhealthy()).isEqualTo(MaxUnhealthy.parse("50%"));
        assertThat(YamlConfigReader.read("gates: {domainStorm: {label: rack, maxUnhealthy: 2}}", Map.of()).gates().domainStorm())
                .isEqualTo(new DomainStormSettings("rack", MaxUnhealthy.parse("2")));
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {domainStorm: {maxUnhealthy: 50%}}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.domainStorm.label")
                .hasMessageContaining("topology.kubernetes.io/zone");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {domainStorm: {label: zone}}", Map.of()))
                .hasMessageContaining("gates.domainStorm.maxUnhealthy");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {domainStorm: {label: zone, maxUnhealthy: 150%}}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.domainStorm.maxUnhealthy")
                .hasMessageContaining("0%..100%");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {domainStorm: {label: 'not a label', maxUnhealthy: 1}}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.domainStorm.label")
                .hasMessageContaining("'not a label' is not allowed");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {domainStorm: {label: zone, maxUnhealthy: 1, cooldown: 1m}}", Map.of()))
                .hasMessageContaining("cooldown").hasMessageContaining("unknown key");
    }

    @Test
    void theBurnInAndTheFlapWindowAreReadValidatedAndDefaulted() {
        SelfhealConfig d = YamlConfigReader.read("namespace: x", Map.of());
        assertThat(d.recovery().burnIn()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.gates().flapWindow()).isEqualTo(Duration.ofMinutes(10));
        SelfhealConfig c = YamlConfigReader.read("recovery: {burnIn: 5s}\ngates: {flapWindow: 0s}", Map.of());
        assertThat(c.recovery().burnIn()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.gates().flapWindow()).isZero();
        assertThatThrownBy(() -> YamlConfigReader.read("recovery: {burnIn: 2h}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("recovery.burnIn").hasMessageContaining("PT0S to PT1H");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {flapWindow: 2d}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.flapWindow");
        assertThatThrownBy(() -> YamlConfigReader.read("recovery: {retention: 30m}\ngates: {attemptWindow: 10m, flapWindow: 1h}",
                Map.of())).isInstanceOf(InvalidConfigException.class).hasMessageContaining("recovery.retention")
                .hasMessageContaining("gates.flapWindow");
    }
}
