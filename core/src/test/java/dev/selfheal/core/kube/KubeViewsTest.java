package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.health.VolumeAttachmentView;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeViewsTest {

    @Test
    void nodeKeepsIdentityTaintsConditionsAndCordon() {
        Node n = new NodeBuilder()
                .withNewMetadata().withName("w1").withUid("u-1").withCreationTimestamp("2026-01-02T03:04:05Z")
                .withLabels(Map.of("node-role.kubernetes.io/control-plane", "")).withAnnotations(Map.of("a", "b"))
                .endMetadata()
                .withNewSpec().withProviderID("aws:///eu-west-1a/i-1").withUnschedulable(true)
                .addNewTaint().withKey("k").withValue("v").withEffect("NoExecute").endTaint().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown")
                .withMessage("Kubelet stopped posting node status.").withLastTransitionTime("2026-01-02T03:05:00Z")
                .withLastHeartbeatTime("2026-01-02T03:04:30Z").endCondition()
                .addNewCondition().withType("KernelDeadlock").withStatus("True").endCondition()
                .endStatus().build();

        NodeView v = KubeViews.node(n);

        assertThat(v.name()).isEqualTo("w1");
        assertThat(v.uid()).isEqualTo("u-1");
        assertThat(v.providerId()).isEqualTo("aws:///eu-west-1a/i-1");
        assertThat(v.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(v.unschedulable()).isTrue();
        assertThat(v.isControlPlane()).isTrue();
        assertThat(v.annotations()).containsEntry("a", "b");
        assertThat(v.taints()).containsExactly(new TaintView("k", "v", "NoExecute"));
        assertThat(v.readyStatus()).isEqualTo("Unknown");
        assertThat(v.condition("Ready")).contains(new ConditionView("Ready", "Unknown", "NodeStatusUnknown",
                "Kubelet stopped posting node status.", Instant.parse("2026-01-02T03:05:00Z"),
                Instant.parse("2026-01-02T03:04:30Z")));
        ConditionView deadlock = v.condition("KernelDeadlock").orElseThrow();
        assertThat(deadlock.isTrue()).isTrue();
        assertThat(deadlock.reason()).isEmpty();
        assertThat(deadlock.lastTransition()).isNull();
    }

    @Test
    void bareNodeHasEmptyCollections() {
        NodeView v = KubeViews.node(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build());

        assertThat(v.taints()).isEmpty();
        assertThat(v.conditions()).isEmpty();
        assertThat(v.labels()).isEmpty();
        assertThat(v.unschedulable()).isFalse();
        assertThat(v.providerId()).isNull();
        assertThat(v.readyStatus()).isEqualTo("Unknown");
    }

    @Test
    void podKeepsControllerOwnerClaimsAndContainerStates() {
        Pod p = new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName("db-0").withUid("p-1")
                .withDeletionTimestamp("2026-01-02T03:04:05Z")
                .addNewOwnerReference().withKind("ConfigMap").withName("not-the-controller").endOwnerReference()
                .addNewOwnerReference().withKind("StatefulSet").withName("db").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName("w1")
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-db-0").endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("cfg").withNewConfigMap().withName("cfg").endConfigMap().endVolume()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("db").withRestartCount(7).withReady(false)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus()
                .endStatus().build();

        PodView v = KubeViews.pod(p);

        assertThat(v.key()).isEqualTo("shop/db-0");
        assertThat(v.uid()).isEqualTo("p-1");
        assertThat(v.nodeName()).isEqualTo("w1");
        assertThat(v.phase()).isEqualTo("Running");
        assertThat(v.isStatefulSetPod()).isTrue();
        assertThat(v.ownerName()).isEqualTo("db");
        assertThat(v.isTerminating()).isTrue();
        assertThat(v.claimNames()).containsExactly("data-db-0");
        assertThat(v.containers()).containsExactly(new ContainerView("db", 7, "CrashLoopBackOff", false));
    }

    @Test
    void unscheduledPodWithoutStatusHasNoNode() {
        PodView v = KubeViews.pod(new PodBuilder().withNewMetadata().withNamespace("a").withName("p").endMetadata().build());

        assertThat(v.nodeName()).isNull();
        assertThat(v.phase()).isNull();
        assertThat(v.ownerKind()).isNull();
        assertThat(v.containers()).isEmpty();
        assertThat(v.isTerminating()).isFalse();
    }

    @Test
    void podOwnedWithoutControllerFlagUsesFirstOwner() {
        Pod p = new PodBuilder().withNewMetadata().withNamespace("a").withName("p")
                .addNewOwnerReference().withKind("DaemonSet").withName("ds").endOwnerReference().endMetadata().build();

        assertThat(KubeViews.pod(p).isDaemonSetPod()).isTrue();
    }

    @Test
    void leaseKeepsHolderRenewalAndDuration() {
        ZonedDateTime renew = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);
        Lease l = new LeaseBuilder().withNewMetadata().withNamespace("kube-node-lease").withName("w1").endMetadata()
                .withNewSpec().withHolderIdentity("w1").withRenewTime(renew).withLeaseDurationSeconds(40).endSpec().build();

        LeaseView v = KubeViews.lease(l);

        assertThat(v).isEqualTo(new LeaseView("w1", "w1", renew.toInstant(), Duration.ofSeconds(40)));
        assertThat(v.age(renew.toInstant().plusSeconds(12))).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void leaseWithoutSpecWasNeverRenewed() {
        LeaseView v = KubeViews.lease(new LeaseBuilder().withNewMetadata().withName("w2").endMetadata().build());

        assertThat(v.renewTime()).isNull();
        assertThat(v.duration()).isNull();
        assertThat(v.age(Instant.EPOCH)).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void volumeAttachmentKeepsNodeVolumeAndState() {
        VolumeAttachment a = new VolumeAttachmentBuilder().withNewMetadata().withName("csi-1").endMetadata()
                .withNewSpec().withAttacher("ebs.csi.aws.com").withNodeName("w1")
                .withNewSource().withPersistentVolumeName("pv-1").endSource().endSpec()
                .withNewStatus().withAttached(true).endStatus().build();

        assertThat(KubeViews.attachment(a)).isEqualTo(new VolumeAttachmentView("csi-1", "w1", "pv-1", true, null));
    }

    @Test
    void timestampsWithOffsetsParseAndBadOnesAreNull() {
        assertThat(KubeViews.instant("2026-01-02T04:04:05+01:00")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(KubeViews.instant("2026-01-02T03:04:05.5Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05.500Z"));
        assertThat(KubeViews.instant("yesterday")).isNull();
        assertThat(KubeViews.instant("")).isNull();
        assertThat(KubeViews.instant((String) null)).isNull();
    }

    @Test
    void repeatedStringsShareOneInstance() {
        Pod a = new PodBuilder().withNewMetadata().withNamespace(new String("shop")).withName("a").endMetadata()
                .withNewSpec().withNodeName(new String("w1")).endSpec().build();
        Pod b = new PodBuilder().withNewMetadata().withNamespace(new String("shop")).withName("b").endMetadata()
                .withNewSpec().withNodeName(new String("w1")).endSpec().build();

        assertThat(KubeViews.pod(a).namespace()).isSameAs(KubeViews.pod(b).namespace());
        assertThat(KubeViews.pod(a).nodeName()).isSameAs(KubeViews.pod(b).nodeName());
    }

    @Test
    void onlyNodeLocalVolumesPinnedToOneHostAreKept() {
        assertThat(KubeViews.localVolume(pv("a", true, "w1"))).isEqualTo(new dev.selfheal.core.health.LocalVolumeView("a", "w1", "db/data-0"));
        assertThat(KubeViews.localVolume(pv("b", true))).as("no node affinity").isNull();
        assertThat(KubeViews.localVolume(pv("c", true, "w1", "w2"))).as("not pinned to one host").isNull();
        assertThat(KubeViews.localVolume(pv("d", false, "w1"))).as("a network volume, even with zone-like affinity").isNull();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolume pv(String name, boolean local, String... hosts) {
        io.fabric8.kubernetes.api.model.PersistentVolumeFluent<?>.SpecNested<io.fabric8.kubernetes.api.model.PersistentVolumeBuilder> spec =
                new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withNewClaimRef().withNamespace("db").withName("data-0").endClaimRef();
        if (local) {
            spec = spec.withNewLocal().withPath("/mnt/" + name).endLocal();
        } else {
            spec = spec.withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-" + name).endCsi();
        }
        if (hosts.length > 0) {
            spec = spec.withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey("kubernetes.io/hostname").withOperator("In").withValues(hosts).endMatchExpression()
                    .endNodeSelectorTerm().endRequired().endNodeAffinity();
        }
        return spec.endSpec().build();
    }
}
