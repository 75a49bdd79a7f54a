package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.recover.EtcdRecoveryReport;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.node.EtcdMember;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.node.ThreeMasterPlane;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's etcd failures on one {@link ThreeMasterPlane} shared by both methods (in order): three real masters
 * whose kubelets run a three-member etcd over TLS as static pods, a node agent per master ({@link MasterEtcdAgent}:
 * snapshots of its member, {@code etcdMember} repair), one real worker. A member's data is destroyed by wiping its
 * data folder (a file left where etcd's {@code member} folder was, so the member cannot start over it) and killing
 * its etcd process; the kubelet restarts the container, which fails until the agent repairs the member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeMasterEtcdIT {

    private static final Logger LOG = LoggerFactory.getLogger(ThreeMasterEtcdIT.class);
    private static final Duration RECOVERY = Duration.ofSeconds(150);
    private static final String NS = "three-masters-etcd";

    private KubeTestbed kube;
    private RealNodes nodes;
    private ThreeMasterPlane plane;
    private RealNode worker;
    private KubernetesClient client;
    private final List<MasterEtcdAgent> agents = new ArrayList<>();

    @BeforeAll
    void startPlane() {
        kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
        nodes = RealNodes.on(kube);
        plane = ThreeMasterPlane.start(nodes, "master");
        worker = plane.addWorker("worker");
        client = plane.client();
        plane.etcdMembers().forEach(m -> agents.add(MasterEtcdAgent.start(plane, m)));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        Await.until("the ServiceAccount of " + NS, RECOVERY,
                () -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
        createPod("steady");
        awaitRunning("steady");
    }

    @AfterAll
    void stopPlane() {
        agents.forEach(MasterEtcdAgent::close);
        for (AutoCloseable c : new AutoCloseable[] {plane, nodes, kube}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }

    @Test
    @Order(1)
    void oneMembersDataDestroyedTheAgentReplacesTheMemberAndNoKeyIsLost() throws Exception {
        MasterEtcdAgent agent = agents.get(2);
        EtcdMember victim = agent.member();
        awaitThreeHealthyMembers();
        List<String> written = writeConfigMaps("before-replace", 5);
        Map<String, String> etcdBefore = etcdContainers();
        long kubelet = worker.kubeletPid();
        long containerd = worker.containerdPid();
        long t0 = destroy(victim);
        createPod("during-member-loss");
        Await.until("member " + victim.name() + " unhealthy", RECOVERY, () -> !plane.etcd().healthy(victim.clientUrl()));
        awaitThreeHealthyMembers();
        LOG.info("one etcd member's data destroyed (wiped, SIGKILL) -> three healthy members in {} ms", millisSince(t0));
        assertThat(agent.manifestFlags()).as("the manifest the kubelet runs, rewritten by the agent")
                .contains("--initial-cluster-state=existing");
        for (String name : written) {
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).as("ConfigMap " + name + " through the API")
                    .isNotNull();
            Await.until(name + " in the new member's own copy", RECOVERY,
                    () -> plane.etcd().exists(victim.clientUrl(), "/registry/configmaps/" + NS + "/" + name));
        }
        Map<String, String> etcdAfter = etcdContainers();
        etcdBefore.forEach((master, id) -> {
            if (master.equals(victim.name())) {
                assertThat(etcdAfter.get(master)).as("etcd on " + master + ": a new container").isNotEmpty().isNotEqualTo(id);
            } else {
                assertThat(etcdAfter.get(master)).as("etcd on " + master + " untouched").isEqualTo(id);
            }
        });
        assertWorkerUntouched(kubelet, containerd);
        awaitRunning("during-member-loss");
        assertSteady();
    }

    @Test
    @Order(2)
    void quorumLostRecoverFromTheLatestSnapshotReportsTheKeysWrittenAfterItAndTheOthersRejoin() throws Exception {
        MasterEtcdAgent survivor = agents.get(0);
        awaitThreeHealthyMembers();
        List<String> kept = writeConfigMaps("before-snapshot", 3);
        long rev = agentRevisionAfterWrites(survivor);
        survivor.stop();
        List<String> lost = writeConfigMaps("after-snapshot", 3);
        long kubelet = worker.kubeletPid();
        long containerd = worker.containerdPid();
        long t0 = System.nanoTime();
        destroy(agents.get(1).member());
        destroy(agents.get(2).member());
        Await.until("the cluster without quorum", RECOVERY, () -> plane.etcdMembers().stream()
                .noneMatch(m -> plane.etcd().healthy(m.clientUrl())));
        String apiServerBefore = plane.runningContainer(survivor.member().node(), "kube-apiserver");
        long t1 = System.nanoTime();
        EtcdRecoveryReport report = survivor.recoverEtcd();
        LOG.info("recover-etcd returned, the restored member healthy, in {} ms; report: {}", millisSince(t1), report.summary());
        Await.until("the API answering through the balancer", RECOVERY, this::apiAnswers);
        LOG.info("quorum lost (two members' data destroyed) -> the API answering through the balancer {} ms after"
                + " recover-etcd started ({} ms since the loss)", millisSince(t1), millisSince(t0));
        survivor.start();
        assertThat(plane.runningContainer(survivor.member().node(), "kube-apiserver"))
                .as("the survivor's API server: stopped for the restore, a new container since").isNotEmpty()
                .isNotEqualTo(apiServerBefore);
        assertThat(report.snapshotRevision()).as("the snapshot restored: the agent's newest").isGreaterThanOrEqualTo(rev);
        assertThat(report.lostKeys().stream().map(EtcdGateway.KeyRevision::key))
                .as("the keys the report names as lost")
                .containsAll(lost.stream().map(n -> "/registry/configmaps/" + NS + "/" + n).toList());
        assertThat(report.lostRevisions()).as("revisions lost").isPositive();
        awaitThreeHealthyMembers();
        LOG.info("quorum lost -> three healthy members again in {} ms", millisSince(t0));
        for (String name : kept) {
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).as(name + " (in the snapshot)").isNotNull();
        }
        for (String name : lost) {
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).as(name + " (after the snapshot: lost)").isNull();
        }
        assertWorkerUntouched(kubelet, containerd);
        assertSteady();
        createPod("after-recover");
        awaitRunning("after-recover");
    }

    /** Wipes the member's data folder, leaves a file where etcd's {@code member} folder was, SIGKILLs etcd. */
    private static long destroy(EtcdMember member) throws IOException {
        Path dir = member.dataDir();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir))::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.writeString(dir.resolve("member"), "destroyed\n");
        long pid = member.node().descendantPid("etcd");
        assertThat(pid).as("etcd process on " + member.name()).isPositive();
        long t0 = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return t0;
    }

    /** Waits until the agent took a snapshot at or after the revision the member reports now; returns it. */
    private long agentRevisionAfterWrites(MasterEtcdAgent agent) {
        Await.until("a write through the API seen by etcd", RECOVERY, () -> plane.etcd().healthy(agent.member().clientUrl()));
        long before = agent.latestSnapshotRevision().orElse(0L);
        Await.until("a snapshot by the agent of " + agent.member().name() + " newer than revision " + before, RECOVERY,
                () -> agent.latestSnapshotRevision().orElse(0L) > before);
        return agent.latestSnapshotRevision().orElseThrow();
    }

    private void awaitThreeHealthyMembers() {
        List<String> masters = plane.masters().stream().map(RealNode::name).toList();
        for (EtcdMember m : plane.etcdMembers()) {
            Await.until("etcd member " + m.name() + " healthy, three voting members listed", RECOVERY, () -> {
                try {
                    return plane.etcd().healthy(m.clientUrl())
                            && plane.etcd().memberNames(m.clientUrl()).stream().sorted().toList().equals(masters)
                            && plane.etcd().learnerNames(m.clientUrl()).isEmpty();
                } catch (IllegalStateException e) {
                    return false;
                }
            });
        }
    }

    private List<String> writeConfigMaps(String prefix, int count) {
        List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        names.forEach(n -> client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(n)
                .endMetadata().addToData("written", prefix).build()).create());
        return names;
    }

    private Map<String, String> etcdContainers() {
        Map<String, String> ids = new LinkedHashMap<>();
        plane.masters().forEach(m -> ids.put(m.name(), plane.runningContainer(m, "etcd")));
        return ids;
    }

    private boolean apiAnswers() {
        try {
            return plane.balancerReady() && client.configMaps().inNamespace(NS).list() != null;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private void assertWorkerUntouched(long kubelet, long containerd) {
        assertThat(worker.kubeletPid()).as("the worker's kubelet untouched").isEqualTo(kubelet);
        assertThat(worker.containerdPid()).as("the worker's containerd untouched").isEqualTo(containerd);
    }

    private void createPod(String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeSelector(Map.of("kubernetes.io/hostname", worker.name())).addNewContainer().withName("app")
                .withImage(TestImages.BUSYBOX).withImagePullPolicy("Never").withCommand("sleep", "3600").endContainer()
                .withTerminationGracePeriodSeconds(0L).endSpec().build();
        try {
            client.pods().inNamespace(NS).resource(pod).create();
        } catch (KubernetesClientException e) {
            LOG.info("creating pod {}: {}; sent again", name, e.getMessage());
            if (client.pods().inNamespace(NS).withName(name).get() == null) {
                client.pods().inNamespace(NS).resource(pod).create();
            }
        }
    }

    private void awaitRunning(String pod) {
        Await.until("pod " + pod + " Running on " + worker.name(), RECOVERY, () -> {
            try {
                Pod p = client.pods().inNamespace(NS).withName(pod).get();
                return p != null && worker.name().equals(p.getSpec().getNodeName()) && p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase());
            } catch (KubernetesClientException e) {
                return false;
            }
        });
    }

    private void assertSteady() {
        Pod p = client.pods().inNamespace(NS).withName("steady").get();
        assertThat(p.getStatus().getPhase()).as("the pod running before every failure").isEqualTo("Running");
        assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).as("its restartCount").isZero();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
