package dev.selfheal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A healer given a registry publishes its state gauges from the moment it is built (no cluster needed to build). */
class SelfhealMetersTest {

    @Test
    void aBuiltHealerPublishesItsStateBeforeItStarts() {
        Config offline = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(offline).build();
             Selfheal healer = Selfheal.builder().client(client).config(SelfhealConfig.defaults()).meterRegistry(registry).build()) {
            assertThat(healer.isRunning()).isFalse();
            assertThat(healer.isReady()).isFalse();
            assertThat(registry.get("selfheal.ready").gauge().value()).isZero();
            assertThat(registry.get("selfheal.leader").gauge().value()).isEqualTo(healer.isLeader() ? 1.0 : 0.0);
            assertThat(registry.get("selfheal.storm.frozen").gauge().value()).isZero();
            assertThat(registry.get("selfheal.nodes.attempts.exhausted").gauge().value()).isZero();
            assertThat(registry.get("selfheal.remediations.current").gauges()).hasSize(5);
        }
    }
}
