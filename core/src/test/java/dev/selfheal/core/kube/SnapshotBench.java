package dev.selfheal.core.kube;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.protocol.AgentLease;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain harness (not a test) measuring the watch-event path and {@code snapshot()} at the benchmark target:
 * 5,000 nodes, 5,000 node Leases, 5,000 agent Leases and 100,000 pods fed as fabric8 objects through the same
 * item stores the informers use. Prints ingest time, retained heap, and snapshot latencies.
 *
 * <pre>
 * ./mvnw -B -q -pl core -Dselfheal.target=target-kube test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/kube-cp.txt -Dmdep.includeScope=test
 * java -Xmx512m -cp core/target-kube/test-classes:core/target-kube/classes:$(cat /tmp/kube-cp.txt) \
 *     dev.selfheal.core.kube.SnapshotBench
 * </pre>
 */
public final class SnapshotBench {

    private static final int NODES = 5_000;
    private static final int PODS_PER_NODE = 20;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private SnapshotBench() {
    }

    public static void main(String[] args) {
        long heap0 = usedHeap();
        AtomicLong changes = new AtomicLong();
        ClusterState state = new ClusterState(changes::incrementAndGet);
        ViewStore<Node, NodeView> nodes = new ViewStore<>("nodes", KubeViews::node, Node::new, state::node);
        ViewStore<Lease, LeaseView> nodeLeases = new ViewStore<>("leases", KubeViews::lease, Lease::new, state::nodeLease);
        ViewStore<Lease, LeaseView> agentLeases = new ViewStore<>("agent leases", KubeViews::lease, Lease::new,
                state::agentLease);
        ViewStore<Pod, PodView> pods = new ViewStore<>("pods", KubeViews::pod, Pod::new, state::pod);

        long t0 = System.nanoTime();
        for (int n = 0; n < NODES; n++) {
            put(nodes, node(n, 1));
            put(nodeLeases, lease("kube-node-lease", name(n), 1, 0));
            put(agentLeases, lease(AgentLease.DEFAULT_NAMESPACE, AgentLease.nameOf(name(n)), 1, 0));
            for (int p = 0; p < PODS_PER_NODE; p++) {
                put(pods, pod(n, p));
            }
        }
        long ingestMs = (System.nanoTime() - t0) / 1_000_000;
        ClusterSnapshot warm = state.snapshot(T0);
        long heap1 = usedHeap();
        System.out.printf("ingest: %d nodes, %d leases, %d pods in %d ms (%.1f us/object)%n", NODES, 2 * NODES,
                NODES * PODS_PER_NODE, ingestMs, ingestMs * 1000.0 / (NODES * (2 + 1 + PODS_PER_NODE)));
        System.out.printf("retained heap (views, item stores, indexes, one snapshot): %.1f MiB%n",
                (heap1 - heap0) / 1048576.0);
        System.out.printf("snapshot pods: %d on %d nodes%n",
                warm.podsByNode().values().stream().mapToInt(java.util.List::size).sum(), warm.podsByNode().size());

        report("snapshot(), nothing changed", () -> state.snapshot(T0));
        int[] rv = {2};
        report("snapshot() after one node Lease renewal", () -> {
            put(nodeLeases, lease("kube-node-lease", name(rv[0] % NODES), rv[0]++, rv[0]));
            state.snapshot(T0);
        });
        report("snapshot() after a change to every kind", () -> {
            int i = rv[0]++;
            put(nodeLeases, lease("kube-node-lease", name(i % NODES), i, i));
            put(agentLeases, lease(AgentLease.DEFAULT_NAMESPACE, AgentLease.nameOf(name(i % NODES)), i, i));
            put(nodes, node(i % NODES, i));
            Pod p = pod(i % NODES, 0);
            p.getMetadata().setResourceVersion(Integer.toString(i));
            put(pods, p);
            state.snapshot(T0);
        });
        report("one node Lease renewal event alone", () -> {
            put(nodeLeases, lease("kube-node-lease", name(rv[0] % NODES), rv[0]++, rv[0]));
        });
        System.out.println("change notifications: " + changes.get() + "; keep " + warm.nodes().size());
    }

    private static void report(String what, Runnable r) {
        for (int i = 0; i < 200; i++) {
            r.run(); // warm-up
        }
        int runs = 1000;
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            r.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf("%-45s p50 %8.1f us   p99 %8.1f us   max %8.1f us%n", what, ns[runs / 2] / 1000.0,
                ns[runs * 99 / 100] / 1000.0, ns[runs - 1] / 1000.0);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void put(ViewStore<T, ?> store, T obj) {
        store.put(store.getKey(obj), obj);
    }

    private static String name(int n) {
        return "worker-" + n;
    }

    private static Node node(int n, int rv) {
        java.util.List<io.fabric8.kubernetes.api.model.NodeCondition> conditions = new java.util.ArrayList<>();
        for (String type : new String[] {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"}) {
            conditions.add(new io.fabric8.kubernetes.api.model.NodeConditionBuilder().withType(type)
                    .withStatus(type.equals("Ready") ? "True" : "False").withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status").withLastHeartbeatTime("2026-03-01T10:00:00Z")
                    .withLastTransitionTime("2026-03-01T09:00:00Z").build());
        }
        return new NodeBuilder().withNewMetadata().withName(name(n)).withUid("uid-" + n)
                .withResourceVersion(Integer.toString(rv)).withCreationTimestamp("2026-03-01T09:00:00Z")
                .addToLabels("kubernetes.io/hostname", name(n)).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64").addToLabels("topology.kubernetes.io/zone", "zone-" + n % 3)
                .addToLabels("node.kubernetes.io/instance-type", "m5.large")
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true").endMetadata()
                .withNewSpec().withProviderID("aws:///zone-" + n % 3 + "/i-" + n).endSpec()
                .withNewStatus().withConditions(conditions).endStatus().build();
    }

    private static Lease lease(String ns, String name, int rv, int renewedAfter) {
        return new LeaseBuilder().withNewMetadata().withNamespace(ns).withName(name).withResourceVersion(Integer.toString(rv))
                .endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                .withRenewTime(ZonedDateTime.ofInstant(T0.plusSeconds(renewedAfter), ZoneOffset.UTC)).endSpec().build();
    }

    private static Pod pod(int n, int p) {
        String ns = "team-" + (n * PODS_PER_NODE + p) % 50;
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName("app-" + n + "-" + p).withUid("pod-" + n + "-" + p)
                .withResourceVersion("1").addNewOwnerReference().withKind("ReplicaSet").withName("app-" + p)
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(name(n)).addNewContainer().withName("app").withImage("registry/app:1").endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-" + n + "-" + p)
                .endPersistentVolumeClaim().endVolume().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withRestartCount(0)
                .withReady(true).withNewState().withNewRunning().withStartedAt("2026-03-01T09:01:00Z").endRunning()
                .endState().endContainerStatus().endStatus().build();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
