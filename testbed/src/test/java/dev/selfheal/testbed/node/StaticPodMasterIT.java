package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubeadm-shaped master on a real node: its kubelet runs etcd and kube-apiserver as static pods and registers
 * with the API server it hosts; the API server's process killed, the kubelet starts a new container and the API
 * answers again with its data.
 */
class StaticPodMasterIT {

    private static final Logger LOG = LoggerFactory.getLogger(StaticPodMasterIT.class);

    @Test
    void theKubeletRunsTheControlPlaneAsStaticPodsAndRestartsAKilledApiServer() {
        try (KubeTestbed kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
             RealNodes nodes = RealNodes.on(kube);
             StaticPodMaster master = StaticPodMaster.start(nodes, "master")) {
            KubernetesClient client = master.client();
            assertThat(master.nodeReady()).as("master Ready on its own API server").isTrue();
            assertThat(kube.client().nodes().withName("master").get()).as("master unknown to the testbed's plane").isNull();
            for (String component : new String[] {"etcd", "kube-apiserver"}) {
                Pod mirror = client.pods().inNamespace("kube-system").withName(component + "-master").get();
                assertThat(mirror).as("mirror pod of " + component).isNotNull();
                assertThat(mirror.getMetadata().getAnnotations()).as("mirror annotation").containsKey("kubernetes.io/config.mirror");
                assertThat(mirror.getSpec().getNodeName()).isEqualTo("master");
            }
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
                    .endMetadata().withData(Map.of("written", "before the kill")).build()).create();

            String old = master.runningContainer("kube-apiserver");
            assertThat(old).as("API server container").isNotEmpty();
            long pid = master.node().descendantPid("kube-apiserver");
            assertThat(pid).as("API server pid").isPositive();
            long t0 = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            master.awaitApiReady(Duration.ofSeconds(90));
            LOG.info("static-pod API server killed (SIGKILL) -> /readyz ok in {} ms", (System.nanoTime() - t0) / 1_000_000);

            assertThat(master.runningContainer("kube-apiserver")).as("a new container").isNotEmpty().isNotEqualTo(old);
            assertThat(client.configMaps().inNamespace("default").withName("before").get().getData())
                    .containsEntry("written", "before the kill");
            assertThat(master.nodeReady()).as("master Ready").isTrue();
        }
    }
}
