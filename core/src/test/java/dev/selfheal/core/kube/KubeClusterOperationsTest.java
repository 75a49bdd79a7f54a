package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** Which pods a force-delete leaves alone. */
class KubeClusterOperationsTest {

    @Test
    void daemonSetAndFinishedPodsStayOthersGo() {
        assertThat(KubeClusterOperations.staysWithNode(pod("Running", null))).isFalse();
        assertThat(KubeClusterOperations.staysWithNode(pod("Pending", "ReplicaSet"))).isFalse();
        assertThat(KubeClusterOperations.staysWithNode(pod("Running", "StatefulSet"))).isFalse();
        assertThat(KubeClusterOperations.staysWithNode(pod("Running", "DaemonSet"))).isTrue();
        assertThat(KubeClusterOperations.staysWithNode(pod("Running", "Node"))).as("a static pod's mirror").isTrue();
        assertThat(KubeClusterOperations.staysWithNode(new PodBuilder().withNewMetadata().withName("etcd-n1")
                .addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata().build())).as("a mirror, by its annotation")
                .isTrue();
        assertThat(KubeClusterOperations.staysWithNode(pod("Succeeded", "Job"))).isTrue();
        assertThat(KubeClusterOperations.staysWithNode(pod("Failed", null))).isTrue();
        assertThat(KubeClusterOperations.staysWithNode(new PodBuilder().withNewMetadata().withName("bare").endMetadata()
                .build())).isFalse();
    }

    private static Pod pod(String phase, String ownerKind) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("a").withName("p").endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (ownerKind != null) {
            b.editMetadata().addNewOwnerReference().withKind(ownerKind).withName("o").withController(true)
                    .endOwnerReference().endMetadata();
        }
        return b.build();
    }
}
