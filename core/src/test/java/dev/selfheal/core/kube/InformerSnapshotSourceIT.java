package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class InformerSnapshotSourceIT {

    private static final Duration NODE_READY = Duration.ofSeconds(60);

    @Test
    void watchesNodesLeasesPodsAndSilenceWithoutListing(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-snap");
        String node = HealerAccess.unique("snap-w");
        String late = HealerAccess.unique("snap-late");
        kube.nodes().addReady(NodeTemplate.named(node).withProviderId("kwok://" + node), NODE_READY);
        Pod pod = kube.client().pods().inNamespace("default").resource(pod(HealerAccess.unique("snap-p"), node)).create();
        kube.client().leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata()
                .withName(AgentLease.nameOf(node)).endMetadata().withNewSpec().withHolderIdentity(node)
                .withLeaseDurationSeconds(10).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();

        RequestCounter counter = new RequestCounter();
        AtomicInteger changes = new AtomicInteger();
        try (KubernetesClient healer = HealerAccess.countingHealer(kube, ns, counter);
             InformerSnapshotSource source = InformerSnapshotSource.builder(healer).namespace(ns).build()) {
            source.onChange(changes::incrementAndGet);
            source.start();
            counter.reset();

            ClusterSnapshot first = source.snapshot();
            assertThat(first.node(node)).hasValueSatisfying(n -> assertThat(n.isReady()).isTrue());
            assertThat(first.node(node).orElseThrow().providerId()).isEqualTo("kwok://" + node);
            assertThat(first.agentLease(node)).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo(node));
            assertThat(first.pods(node)).extracting(PodView::name).containsExactly(pod.getMetadata().getName());
            assertThat(changes.get()).isPositive();
            assertThat(source.isWatching()).isTrue();

            Instant firstRenewal = first.nodeLease(node).map(LeaseView::renewTime).orElseThrow();
            Await.until("a renewal of node " + node + "'s Lease seen through the watch", Duration.ofSeconds(30),
                    () -> source.snapshot().nodeLease(node).map(LeaseView::renewTime).orElseThrow().isAfter(firstRenewal));

            kube.nodes().add(NodeTemplate.named(late));
            kube.client().pods().inNamespace("default").withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
            Await.until("a node added and a pod deleted after the start", Duration.ofSeconds(20),
                    () -> source.snapshot().node(late).isPresent() && source.snapshot().pods(node).isEmpty());

            kube.nodes().stopHeartbeat(node);
            Instant silentSince = Instant.now();
            Instant lastRenewal = source.snapshot().nodeLease(node).orElseThrow().renewTime();
            Await.until("node " + node + "'s Lease older than 15 s", Duration.ofSeconds(45), Duration.ofMillis(250),
                    () -> source.snapshot().nodeLease(node).orElseThrow().age(Instant.now()).compareTo(Duration.ofSeconds(15)) > 0,
                    () -> "lease: " + source.snapshot().nodeLease(node));
            LeaseView silent = source.snapshot().nodeLease(node).orElseThrow();
            assertThat(silent.renewTime()).isBeforeOrEqualTo(silentSince.plusSeconds(11)).isAfterOrEqualTo(lastRenewal);

            assertThat(counter.of("list")).as("LIST requests after the initial sync").isEmpty();
            assertThat(counter.of("get")).as("GET requests after the initial sync").isEmpty();
            assertThat(counter.requests()).allSatisfy(r -> assertThat(r.verb()).isEqualTo("watch"));
        } finally {
            kube.nodes().delete(node);
            kube.nodes().delete(late);
        }
    }

    @Test
    void nodeLocalPersistentVolumesAppearUnderTheirNode(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-pv");
        String node = HealerAccess.unique("pv-w");
        kube.nodes().add(NodeTemplate.named(node));
        String local = HealerAccess.unique("pv-local");
        String network = HealerAccess.unique("pv-net");
        kube.client().persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
                .withNewMetadata().withName(local).endMetadata()
                .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .withAccessModes("ReadWriteOnce").withStorageClassName("local").withNewLocal().withPath("/mnt/disks/a").endLocal()
                .withNewClaimRef().withNamespace("db").withName("data-db-0").endClaimRef()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build()).create();
        kube.client().persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
                .withNewMetadata().withName(network).endMetadata()
                .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .withAccessModes("ReadWriteOnce").withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-1").endCsi()
                .endSpec().build()).create();
        try (InformerSnapshotSource source = InformerSnapshotSource.builder(HealerAccess.healer(kube, ns)).namespace(ns).build()) {
            source.start();
            assertThat(source.snapshot().localVolumes(node)).extracting(v -> v.name() + " " + v.claim())
                    .containsExactly(local + " db/data-db-0");
            deleteWithoutProtection(kube, local);
            Await.until("the local volume's deletion seen through the watch", Duration.ofSeconds(20),
                    () -> source.snapshot().localVolumes(node).isEmpty());
        } finally {
            deleteWithoutProtection(kube, local);
            deleteWithoutProtection(kube, network);
            kube.nodes().delete(node);
        }
    }

    // The pv-protection finalizer would keep a volume the PV controller still thinks in use.
    private static void deleteWithoutProtection(KubeTestbed kube, String pv) {
        if (kube.client().persistentVolumes().withName(pv).get() != null) {
            kube.client().persistentVolumes().withName(pv).patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"metadata\":{\"finalizers\":null}}");
            kube.client().persistentVolumes().withName(pv).delete();
        }
    }

    @Test
    void machinesRecordedAppearInSnapshots(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-mach");
        try (InformerSnapshotSource source = InformerSnapshotSource.builder(HealerAccess.healer(kube, ns)).namespace(ns).build()) {
            source.start();
            source.recordMachine(MachineView.unanswered("ghost", "timed out", Instant.now()));

            assertThat(source.snapshot().machine("ghost")).hasValueSatisfying(m -> assertThat(m.answered()).isFalse());
            assertThatThrownBy(source::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        }
    }

    @Test
    void aServiceAccountWithoutTheRoleCannotStartAndIsToldWhatIsMissing(KubeTestbed kube) {
        String ns = HealerAccess.unique("sh-norbac");
        List<HasMetadata> withoutClusterBinding = RbacManifests.objects(kube.client(), ns, HealerAccess.SERVICE_ACCOUNT)
                .stream().filter(o -> !(o instanceof ClusterRoleBinding)).toList();
        RbacManifests.apply(kube.client(), withoutClusterBinding);
        KubernetesClient healer = HealerAccess.healer(kube, ns);

        InformerSnapshotSource source = InformerSnapshotSource.builder(healer).namespace(ns)
                .syncTimeout(Duration.ofSeconds(20)).build();

        assertThatThrownBy(source::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nodes: HTTP 403")
                .hasMessageContaining("pods in all namespaces: HTTP 403")
                .hasMessageContaining("volumeattachments.storage.k8s.io: HTTP 403")
                .hasMessageContaining("persistentvolumes: HTTP 403")
                .hasMessageContaining(RbacManifests.CLUSTER_ROLE_RESOURCE)
                .message().doesNotContain("leases in namespace");
        assertThat(source.isWatching()).isFalse();
        source.close();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("fake").endContainer()
                .endSpec().build();
    }
}
