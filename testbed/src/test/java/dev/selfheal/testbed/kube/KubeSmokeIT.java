package dev.selfheal.testbed.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class KubeSmokeIT {

    @Test
    void createsAndReadsAConfigMap(KubeTestbed kube) {
        KubernetesClient client = kube.client();
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("smoke").endMetadata().addToData("answer", "42").build()).create();
        ConfigMap read = client.configMaps().inNamespace("default").withName("smoke").get();
        assertThat(read.getData()).containsEntry("answer", "42");
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.4");
    }

    @Test
    void kwokNodeTurnsReadyAndRunsAPod(KubeTestbed kube) {
        kube.nodes().addReady(NodeTemplate.named("smoke-node").withProviderId("test:///smoke-node"), Duration.ofSeconds(60));
        KubernetesClient client = kube.client();
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("smoke-pod").endMetadata()
                .withNewSpec().withNodeSelector(java.util.Map.of("kubernetes.io/hostname", "smoke-node"))
                .addNewContainer().withName("c").withImage("registry.invalid/pause:1").endContainer().endSpec()
                .build()).create();
        Await.until("smoke-pod Running", Duration.ofSeconds(60), () -> {
            Pod p = client.pods().inNamespace("default").withName("smoke-pod").get();
            return p != null && "Running".equals(p.getStatus().getPhase());
        });
        Pod p = client.pods().inNamespace("default").withName("smoke-pod").get();
        assertThat(p.getSpec().getNodeName()).isEqualTo("smoke-node");
    }

    @Test
    void nodeLeaseHeartbeatsWhileManagedAndStopsWhenSilenced(KubeTestbed kube) {
        kube.nodes().addReady(NodeTemplate.named("beat-node"), Duration.ofSeconds(60));
        KubernetesClient client = kube.client();
        Await.until("lease of beat-node", Duration.ofSeconds(30),
                () -> client.leases().inNamespace("kube-node-lease").withName("beat-node").get() != null);
        ZonedDateTime first = renewTime(client);
        Await.until("lease renewal", Duration.ofSeconds(30), () -> renewTime(client).isAfter(first));

        kube.nodes().stopHeartbeat("beat-node");
        assertThat(kube.nodes().isHeartbeating("beat-node")).isFalse();
        ZonedDateTime silentSince = renewTime(client);
        // kwok renews every lease-duration/4 = 10 s by default; 25 s without a renewal proves silence.
        Await.until("no renewal for 25 s", Duration.ofSeconds(40), () ->
                Duration.between(silentSince, ZonedDateTime.now()).toSeconds() >= 25);
        assertThat(renewTime(client)).isEqualTo(silentSince);

        kube.nodes().resumeHeartbeat("beat-node");
        Await.until("lease renewed after resume", Duration.ofSeconds(30), () -> renewTime(client).isAfter(silentSince));
    }

    @Test
    void rbacIsEnforcedForServiceAccounts(KubeTestbed kube) {
        KubernetesClient sa = kube.serviceAccountClient("default", "no-rights");
        assertThatThrownBy(() -> sa.nodes().list())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static ZonedDateTime renewTime(KubernetesClient client) {
        Lease l = client.leases().inNamespace("kube-node-lease").withName("beat-node").get();
        return l.getSpec().getRenewTime();
    }
}
