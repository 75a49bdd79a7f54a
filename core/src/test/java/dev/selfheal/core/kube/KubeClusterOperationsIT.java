package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class KubeClusterOperationsIT {

    private static final Duration NODE_READY = Duration.ofSeconds(60);

    @Test
    void taintsAndCordonAreIdempotent(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-ops");
        String node = HealerAccess.unique("ops-t");
        kube.nodes().addReady(NodeTemplate.named(node), NODE_READY);
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, ns));
        try {
            ops.addTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT, "nodeshutdown", "NoExecute");
            ops.addTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT, "nodeshutdown", "NoExecute");
            assertThat(taints(kube, node, ClusterOperations.OUT_OF_SERVICE_TAINT)).singleElement()
                    .satisfies(t -> assertThat(t.getValue()).isEqualTo("nodeshutdown"));

            ops.addTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT, "fenced", "NoExecute");
            assertThat(taints(kube, node, ClusterOperations.OUT_OF_SERVICE_TAINT)).singleElement()
                    .satisfies(t -> assertThat(t.getValue()).isEqualTo("fenced"));

            ops.removeTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT);
            ops.removeTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT);
            assertThat(taints(kube, node, ClusterOperations.OUT_OF_SERVICE_TAINT)).isEmpty();

            ops.cordon(node, true);
            ops.cordon(node, true);
            assertThat(kube.client().nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
            ops.cordon(node, false);
            assertThat(kube.client().nodes().withName(node).get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            assertThat(ops.supportsOutOfServiceTaint()).isTrue();
        } finally {
            kube.nodes().delete(node);
        }
    }

    @Test
    void forceDeletesTheNodesPodsButNotDaemonSetPods(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-ops");
        String node = HealerAccess.unique("ops-p");
        String other = HealerAccess.unique("ops-o");
        KubernetesClient admin = kube.client();
        kube.nodes().addReady(NodeTemplate.named(node), NODE_READY);
        kube.nodes().addReady(NodeTemplate.named(other), NODE_READY);
        DaemonSet ds = admin.apps().daemonSets().inNamespace("default").resource(daemonSet(HealerAccess.unique("ds"))).create();
        Pod p1 = admin.pods().inNamespace("default").resource(pod(HealerAccess.unique("p"), node, null)).create();
        Pod p2 = admin.pods().inNamespace("default").resource(pod(HealerAccess.unique("p"), node, null)).create();
        Pod dsPod = admin.pods().inNamespace("default").resource(pod(HealerAccess.unique("dsp"), node, ds)).create();
        Pod elsewhere = admin.pods().inNamespace("default").resource(pod(HealerAccess.unique("p"), other, null)).create();
        kube.nodes().stopHeartbeat(node); // a dead node: kwok no longer acts on its pods
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, ns));
        try {
            List<String> deleted = ops.forceDeletePods(node);

            assertThat(deleted).containsExactlyInAnyOrder(key(p1), key(p2));
            assertThat(admin.pods().inNamespace("default").withName(p1.getMetadata().getName()).get()).isNull();
            assertThat(admin.pods().inNamespace("default").withName(p2.getMetadata().getName()).get()).isNull();
            assertThat(admin.pods().inNamespace("default").withName(dsPod.getMetadata().getName()).get()).isNotNull();
            assertThat(admin.pods().inNamespace("default").withName(elsewhere.getMetadata().getName()).get()).isNotNull();
            assertThat(ops.forceDeletePods(node)).isEmpty();

            ops.deletePod("default", elsewhere.getMetadata().getName());
            ops.deletePod("default", elsewhere.getMetadata().getName());
            Await.until("pod " + key(elsewhere) + " deleted", Duration.ofSeconds(30),
                    () -> admin.pods().inNamespace("default").withName(elsewhere.getMetadata().getName()).get() == null);
        } finally {
            admin.pods().inNamespace("default").withName(dsPod.getMetadata().getName()).withGracePeriod(0).delete();
            admin.apps().daemonSets().inNamespace("default").withName(ds.getMetadata().getName()).delete();
            kube.nodes().delete(node);
            kube.nodes().delete(other);
        }
    }

    @Test
    void deletesOnlyTheNodesVolumeAttachmentsAndTheNode(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-ops");
        String node = HealerAccess.unique("ops-v");
        String other = HealerAccess.unique("ops-vo");
        KubernetesClient admin = kube.client();
        kube.nodes().addReady(NodeTemplate.named(node), NODE_READY);
        String mine = attachment(admin, node);
        String theirs = attachment(admin, other);
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, ns));
        try {
            assertThat(ops.deleteVolumeAttachments(node)).containsExactly(mine);
            assertThat(ops.deleteVolumeAttachments(node)).isEmpty();
            assertThat(admin.storage().v1().volumeAttachments().withName(mine).get()).isNull();
            assertThat(admin.storage().v1().volumeAttachments().withName(theirs).get()).isNotNull();

            ops.deleteNode(node);
            ops.deleteNode(node);
            assertThat(admin.nodes().withName(node).get()).isNull();
            ops.removeTaint(node, "gone"); // nothing to remove from a node that is gone
            assertThatThrownBy(() -> ops.addTaint(node, "k", "v", "NoSchedule")).isInstanceOf(KubeOperationException.class)
                    .hasMessageContaining("add taint k:NoSchedule to node " + node).hasMessageContaining("not found");
        } finally {
            admin.storage().v1().volumeAttachments().withName(theirs).delete();
            kube.nodes().delete(node);
        }
    }

    @Test
    void restartRequestsAndAnswersGoThroughNodeAnnotations(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-ops");
        String node = HealerAccess.unique("ops-r");
        kube.nodes().addReady(NodeTemplate.named(node), NODE_READY);
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, ns));
        try {
            ops.requestComponentRestart(node, Component.KUBELET, "r1");
            assertThat(annotations(kube, node)).containsEntry(RestartRequest.ANNOTATION, "kubelet/r1");
            assertThat(ops.componentRestartAnswer(node, "r1")).isEmpty();

            ack(kube, node, "r0/done");
            assertThat(ops.componentRestartAnswer(node, "r1")).as("an answer to an older request").isEmpty();
            ack(kube, node, "r1/failed");
            assertThat(ops.componentRestartAnswer(node, "r1")).contains("failed");
        } finally {
            kube.nodes().delete(node);
        }
    }

    @Test
    void waitsUntilTheNodeHoldsNoStatefulSetPodAndNamesThoseLeft(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-ops");
        String node = HealerAccess.unique("ops-s");
        KubernetesClient admin = kube.client();
        // A Node no kubelet (nor kwok) acts for: nothing but the test removes the finalizer below.
        admin.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(node).endMetadata()
                .build()).create();
        String held = HealerAccess.unique("db");
        // Owned by a StatefulSet and held by a finalizer: deleting it leaves it Terminating on the node.
        admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(held).withNamespace("default")
                .addToFinalizers("selfheal.dev/test-hold").addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName("db").withUid("00000000-0000-0000-0000-000000000001").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("fake").endContainer().endSpec().build())
                .create();
        Pod other = admin.pods().inNamespace("default").resource(pod(HealerAccess.unique("p"), node, null)).create();
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, ns));
        try {
            admin.pods().inNamespace("default").withName(held).withGracePeriod(0).delete();
            assertThat(ops.awaitStatefulSetPodsGone(node, Duration.ofSeconds(1))).containsExactly("default/" + held);
            admin.pods().inNamespace("default").withName(held).edit(p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
            });
            assertThat(ops.awaitStatefulSetPodsGone(node, Duration.ofSeconds(30))).as("the pod of no StatefulSet holds no wait")
                    .isEmpty();
            assertThat(admin.pods().inNamespace("default").withName(held).get()).isNull();
        } finally {
            admin.pods().inNamespace("default").withName(other.getMetadata().getName()).withGracePeriod(0).delete();
            kube.nodes().delete(node);
        }
    }

    @Test
    void aForbiddenCallNamesTheOperationAndTheNode(KubeTestbed kube) {
        String ns = HealerAccess.unique("sh-ops-none");
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        ClusterOperations ops = new KubeClusterOperations(kube.serviceAccountClient(ns, "nobody"));

        assertThatThrownBy(() -> ops.deleteNode("some-node")).isInstanceOf(KubeOperationException.class)
                .hasMessageStartingWith("cannot delete node some-node: HTTP 403")
                .satisfies(e -> assertThat(((KubeOperationException) e).retryable()).isFalse());
        assertThatThrownBy(() -> ops.forceDeletePods("some-node"))
                .hasMessageStartingWith("cannot force-delete the pods of node some-node: HTTP 403");
    }

    private static List<Taint> taints(KubeTestbed kube, String node, String key) {
        Node n = kube.client().nodes().withName(node).get();
        List<Taint> all = n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
        return all.stream().filter(t -> key.equals(t.getKey())).toList();
    }

    private static Map<String, String> annotations(KubeTestbed kube, String node) {
        return kube.client().nodes().withName(node).get().getMetadata().getAnnotations();
    }

    private static void ack(KubeTestbed kube, String node, String value) {
        kube.client().nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + RestartAck.ANNOTATION + "\":\"" + value + "\"}}}");
    }

    private static String attachment(KubernetesClient admin, String node) {
        String name = HealerAccess.unique("va");
        admin.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withAttacher("csi.selfheal.test").withNodeName(node)
                .withNewSource().withPersistentVolumeName("pv-" + name).endSource().endSpec().build()).create();
        return name;
    }

    private static DaemonSet daemonSet(String name) {
        // Selects no node, so its controller creates no pod of its own; it only owns the pod below.
        return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("ds", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("ds", name).endMetadata()
                .withNewSpec().addToNodeSelector("selfheal.test/none", "none")
                .addNewContainer().withName("agent").withImage("fake").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static Pod pod(String name, String node, DaemonSet owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("fake").endContainer().endSpec();
        if (owner != null) {
            // Not the controller and not matching the selector: the DaemonSet controller leaves it alone.
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet")
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).endOwnerReference()
                    .endMetadata();
        }
        return b.build();
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
