package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubeadm-shaped master on a real node: its kubelet runs etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler as static pods and registers with the API server it hosts, where a pod is scheduled to it and
 * runs; the API server's process killed, the kubelet starts a new container and the API answers again with its
 * data, the pod untouched.
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
            for (String component : StaticPodMaster.COMPONENTS) {
                Pod mirror = client.pods().inNamespace("kube-system").withName(component + "-master").get();
                assertThat(mirror).as("mirror pod of " + component).isNotNull();
                assertThat(mirror.getMetadata().getAnnotations()).as("mirror annotation").containsKey("kubernetes.io/config.mirror");
                assertThat(mirror.getSpec().getNodeName()).isEqualTo("master");
            }
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
                    .endMetadata().withData(Map.of("written", "before the kill")).build()).create();
            // the controller-manager makes the namespace's ServiceAccount, the scheduler binds the pod to the master
            Await.until("the default ServiceAccount", Duration.ofSeconds(60),
                    () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("app").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                    .withCommand("sleep", "3600").endContainer().withTerminationGracePeriodSeconds(0L).endSpec().build()).create();
            Await.until("pod app Running on the master", Duration.ofSeconds(60), () -> running(client));

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
            assertThat(running(client)).as("pod app still Running").isTrue();
            assertThat(client.pods().inNamespace("default").withName("app").get().getStatus().getContainerStatuses().get(0)
                    .getRestartCount()).as("the app's restartCount").isZero();
        }
    }

    private static boolean running(KubernetesClient client) {
        Pod p = client.pods().inNamespace("default").withName("app").get();
        return p != null && "master".equals(p.getSpec().getNodeName()) && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase());
    }
}
