package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.VolumeAttachmentView;
import dev.selfheal.protocol.AgentLease;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The event path: informer item stores feeding the cluster state, as the watches do. */
class ClusterStateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final AtomicInteger changes = new AtomicInteger();
    private final ClusterState state = new ClusterState(changes::incrementAndGet);
    private final ViewStore<Node, NodeView> nodes = new ViewStore<>("nodes", KubeViews::node, Node::new, state::node);
    private final ViewStore<Pod, PodView> pods = new ViewStore<>("pods", KubeViews::pod, Pod::new, state::pod);
    private final ViewStore<Lease, LeaseView> agentLeases = new ViewStore<>("leases",
            l -> AgentLease.nodeOf(l.getMetadata().getName()) == null ? null : KubeViews.lease(l),
            Lease::new, state::agentLease);
    private final ViewStore<Lease, LeaseView> nodeLeases = new ViewStore<>("node leases", KubeViews::lease, Lease::new,
            state::nodeLease);
    private final ViewStore<VolumeAttachment, VolumeAttachmentView> attachments = new ViewStore<>("va",
            KubeViews::attachment, VolumeAttachment::new, state::attachment);

    @Test
    void podsAreGroupedByNodeAndFollowRebinding() {
        put(pods, pod("a", "p1", "w1", "1"));
        put(pods, pod("a", "p2", "w1", "2"));
        put(pods, pod("b", "p3", "w2", "3"));
        put(pods, pod("b", "pending", null, "4"));

        ClusterSnapshot s1 = state.snapshot(T0);
        assertThat(s1.pods("w1")).extracting(PodView::key).containsExactlyInAnyOrder("a/p1", "a/p2");
        assertThat(s1.pods("w2")).extracting(PodView::key).containsExactly("b/p3");
        assertThat(s1.podsByNode()).containsOnlyKeys("w1", "w2");

        put(pods, pod("b", "pending", "w2", "5"));
        put(pods, pod("a", "p2", "w2", "6")); // not possible in Kubernetes, but the index must stay right
        pods.remove("a/p1");

        ClusterSnapshot s2 = state.snapshot(T0);
        assertThat(s2.pods("w1")).isEmpty();
        assertThat(s2.podsByNode()).containsOnlyKeys("w2");
        assertThat(s2.pods("w2")).extracting(PodView::key).containsExactlyInAnyOrder("b/p3", "b/pending", "a/p2");
        assertThat(s1.pods("w1")).hasSize(2); // earlier snapshots do not change
    }

    @Test
    void anUpdateReplacesThePodInItsNodeList() {
        put(pods, pod("a", "p1", "w1", "1"));
        Pod terminating = pod("a", "p1", "w1", "2");
        terminating.getMetadata().setDeletionTimestamp("2026-03-01T10:00:00Z");
        put(pods, terminating);

        assertThat(state.snapshot(T0).pods("w1")).singleElement().satisfies(p -> assertThat(p.isTerminating()).isTrue());
    }

    @Test
    void sameResourceVersionIsNoChange() {
        put(nodes, node("w1", "7"));
        int before = changes.get();

        put(nodes, node("w1", "7")); // a re-list returns the same object

        assertThat(changes.get()).isEqualTo(before);
    }

    @Test
    void slimObjectsCarryOnlyIdentityAndVersion() {
        put(pods, pod("a", "p1", "w1", "9"));

        Pod slim = pods.get("a/p1");
        assertThat(slim.getMetadata().getNamespace()).isEqualTo("a");
        assertThat(slim.getMetadata().getName()).isEqualTo("p1");
        assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("9");
        assertThat(slim.getSpec()).isNull();
        assertThat(pods.isFullState()).isFalse();
        assertThat(pods.keySet()).containsExactly("a/p1");
        assertThat(pods.remove("a/p1").getMetadata().getName()).isEqualTo("p1");
        assertThat(pods.size()).isZero();
    }

    @Test
    void snapshotsShareUnchangedParts() {
        put(nodes, node("w1", "1"));
        put(nodeLeases, lease("kube-node-lease", "w1", "1", 0));

        ClusterSnapshot a = state.snapshot(T0);
        ClusterSnapshot b = state.snapshot(T0.plusSeconds(1));
        put(nodeLeases, lease("kube-node-lease", "w1", "2", 10));
        ClusterSnapshot c = state.snapshot(T0.plusSeconds(2));

        assertThat(b.nodes()).isSameAs(a.nodes());
        assertThat(b.nodeLeases()).isSameAs(a.nodeLeases());
        assertThat(c.nodes()).isSameAs(a.nodes());
        assertThat(c.nodeLeases()).isNotSameAs(a.nodeLeases());
        assertThat(c.nodeLease("w1").orElseThrow().renewTime()).isEqualTo(T0.plusSeconds(10));
        assertThat(a.nodeLease("w1").orElseThrow().renewTime()).isEqualTo(T0);
        assertThatThrownBy(() -> c.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void agentLeasesAreKeyedByNodeAndOtherLeasesIgnored() {
        put(agentLeases, lease("selfheal-system", AgentLease.nameOf("w1"), "1", 0));
        put(agentLeases, lease("selfheal-system", "selfheal-healer-leader", "2", 0));
        put(agentLeases, lease("selfheal-system", "selfheal-remediation-w1", "3", 0));

        assertThat(state.snapshot(T0).agentLeases()).containsOnlyKeys("w1");

        agentLeases.remove("selfheal-system/" + AgentLease.nameOf("w1"));
        agentLeases.remove("selfheal-system/selfheal-healer-leader");
        assertThat(state.snapshot(T0).agentLeases()).isEmpty();
    }

    @Test
    void nodeDeletionRemovesItFromTheSnapshot() {
        put(nodes, node("w1", "1"));
        put(nodes, node("w2", "2"));
        nodes.remove("w1");

        assertThat(state.snapshot(T0).nodes()).containsOnlyKeys("w2");
    }

    @Test
    void attachmentsAreGroupedByNode() {
        put(attachments, attachment("va-1", "w1", "1"));
        put(attachments, attachment("va-2", "w1", "2"));
        attachments.remove("va-1");

        assertThat(state.snapshot(T0).attachments("w1")).extracting(VolumeAttachmentView::name).containsExactly("va-2");
    }

    @Test
    void machinesAreRecordedAndEveryChangeIsSignalled() {
        int before = changes.get();
        state.machine(MachineView.unanswered("w1", "timeout", T0));

        assertThat(state.snapshot(T0).machine("w1")).isPresent();
        assertThat(changes.get()).isEqualTo(before + 1);
    }

    @Test
    void unreadableObjectsAreIgnored() {
        ViewStore<Pod, PodView> failing = new ViewStore<>("pods", p -> {
            throw new IllegalStateException("bad");
        }, Pod::new, state::pod);

        put(failing, pod("a", "p1", "w1", "1"));

        assertThat(state.snapshot(T0).podsByNode()).isEmpty();
        assertThat(failing.size()).isEqualTo(1); // the informer still tracks it, to see its deletion
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void put(ViewStore<T, ?> store, T obj) {
        store.put(store.getKey(obj), obj);
    }

    static Pod pod(String ns, String name, String node, String rv) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withResourceVersion(rv).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running").endStatus().build();
    }

    static Node node(String name, String rv) {
        return new NodeBuilder().withNewMetadata().withName(name).withResourceVersion(rv).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    static Lease lease(String ns, String name, String rv, int renewedAfterSeconds) {
        return new LeaseBuilder().withNewMetadata().withNamespace(ns).withName(name).withResourceVersion(rv).endMetadata()
                .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                .withRenewTime(ZonedDateTime.ofInstant(T0.plusSeconds(renewedAfterSeconds), ZoneOffset.UTC)).endSpec().build();
    }

    static VolumeAttachment attachment(String name, String node, String rv) {
        return new VolumeAttachmentBuilder().withNewMetadata().withName(name).withResourceVersion(rv).endMetadata()
                .withNewSpec().withAttacher("csi").withNodeName(node).withNewSource().withPersistentVolumeName("pv-" + name)
                .endSource().endSpec().build();
    }
}
