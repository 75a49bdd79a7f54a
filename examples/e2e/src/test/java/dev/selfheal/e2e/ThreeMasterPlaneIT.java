package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.etcd.LocalApiServer;
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
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
 * Seed 001's failures of a highly available control plane, on one {@link ThreeMasterPlane} shared by every method
 * (in order): three real masters whose kubelets run etcd (a three-member cluster over TLS), kube-apiserver,
 * kube-controller-manager and kube-scheduler as static pods, haproxy in front of the API servers, one real worker
 * joined through it, and a node agent per master ({@link MasterEtcdAgent}: snapshots of its member, {@code etcdMember}
 * repair). The components' failures come first, each undone by the masters' kubelets; each asserts the end state,
 * that nothing but the failed components changed (every other container on the masters, the worker's kubelet and
 * containerd), and that what was created during the failure runs afterwards. Then etcd's: a member's data is
 * destroyed by wiping its data folder (a file left where etcd's {@code member} folder was, so the member cannot
 * start over it) and killing its etcd process, which the kubelet restarts and which fails until the agent repairs
 * the member; then two members' data destroyed at once (the quorum lost) and {@code recover-etcd} on the third.
 * Last, the healer's rules for control-plane nodes, which end with a master powered off through its BMC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeMasterPlaneIT {

    private static final Logger LOG = LoggerFactory.getLogger(ThreeMasterPlaneIT.class);
    private static final Duration RECOVERY = Duration.ofSeconds(150);
    private static final String NS = "three-masters";

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
        LOG.info("three-master plane start-up: {} ms (files, balancer, three masters booted, every API server ready,"
                + " masters Ready)", plane.startupMillis());
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
        long haproxy = plane == null ? 0 : plane.balancerPid();
        for (AutoCloseable c : new AutoCloseable[] {plane, nodes, kube}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
        assertThat(ProcessHandle.of(haproxy).filter(ProcessHandle::isAlive)).as("haproxy gone").isEmpty();
    }

    @Test
    @Order(1)
    void oneApiServerOfThreeKilledClientsKeepWorkingThroughTheBalancerAndTheKubeletRestartsIt() throws Exception {
        // a master whose controller-manager and scheduler lead nothing: their fate stays out of this scenario
        RealNode victim = awaitFound("both leaders elected, and a master holding no lease", RECOVERY, () ->
                leader("kube-scheduler").isPresent() && leader("kube-controller-manager").isPresent()
                        ? plane.masters().stream().filter(m -> !plane.holdsLease(m, "kube-scheduler")
                        && !plane.holdsLease(m, "kube-controller-manager")).findFirst() : Optional.empty());
        plane.awaitSettled(RECOVERY);
        ThreeMasterSnapshot before = ThreeMasterSnapshot.take(plane, worker);
        long takeOuts = plane.balancerTakeOuts(victim);
        BalancedApiLoad load = BalancedApiLoad.start(client, NS);
        try {
            Thread.sleep(1000);
            long t0 = kill(victim, "kube-apiserver");
            createPod("during-apiserver-outage");
            Await.until("the API server of " + victim.name() + " down", RECOVERY, () -> !plane.apiReady(victim));
            plane.awaitApiReady(victim, RECOVERY);
            LOG.info("one API server of three killed (SIGKILL) -> its /readyz ok in {} ms", millisSince(t0));
            Thread.sleep(3000);
        } finally {
            load.close();
        }
        LOG.info("through the balancer during the outage: {} write-and-read rounds ok, {} sent again ({}), {} failed",
                load.succeeded(), load.resent().size(), load.resent(), load.failures().size());
        assertThat(load.failures()).as("client requests through the balancer").isEmpty();
        assertThat(load.succeeded()).as("client requests made during the outage").isGreaterThan(10);
        awaitRunning("during-apiserver-outage");
        assertThat(plane.balancerReady()).as("balancer /readyz").isTrue();
        assertThat(plane.balancerTakeOuts(victim)).as("haproxy's health check took the dead API server out")
                .isGreaterThan(takeOuts);
        before.assertOnlyTouched(plane, worker, Map.of(victim.name(), Set.of("kube-apiserver")));
        assertSteady();
        assertEtcd();
    }

    @Test
    @Order(2)
    void theSchedulerLeaderKilledAnotherTakesTheLeaseTheDeadOneRestartsAndANewPodIsScheduled() throws Exception {
        RealNode leader = awaitFound("the scheduler leader", RECOVERY, () -> leader("kube-scheduler"));
        String holder = lease("kube-scheduler").getSpec().getHolderIdentity();
        plane.awaitSettled(RECOVERY);
        ThreeMasterSnapshot before = ThreeMasterSnapshot.take(plane, worker);
        long t0 = kill(leader, "kube-scheduler");
        createPod("during-scheduler-leader-outage");
        Await.until("a pod scheduled after the scheduler leader died", RECOVERY, () -> scheduled("during-scheduler-leader-outage"));
        LOG.info("scheduler leader killed (SIGKILL) -> a new pod scheduled in {} ms", millisSince(t0));
        String newHolder = lease("kube-scheduler").getSpec().getHolderIdentity();
        assertThat(newHolder).as("kube-scheduler Lease holder").isNotEqualTo(holder);
        Await.until("the dead scheduler restarted on " + leader.name(), RECOVERY,
                () -> !plane.runningContainer(leader, "kube-scheduler").isEmpty());
        LOG.info("the Lease went from {} (on {}) to {}; the new leader runs on {}", holder, leader.name(), newHolder, plane.masters().stream()
                .filter(m -> plane.holdsLease(m, "kube-scheduler")).map(RealNode::name).toList());
        awaitRunning("during-scheduler-leader-outage");
        before.assertOnlyTouched(plane, worker, Map.of(leader.name(), Set.of("kube-scheduler")));
        assertSteady();
        assertEtcd();
    }

    @Test
    @Order(3)
    void everySchedulerAndControllerManagerKilledTheyAreRestartedAndPendingWorkIsDone() {
        plane.awaitSettled(RECOVERY);
        ThreeMasterSnapshot before = ThreeMasterSnapshot.take(plane, worker);
        long t0 = System.nanoTime();
        for (RealNode m : plane.masters()) {
            kill(m, "kube-scheduler");
            kill(m, "kube-controller-manager");
        }
        client.apps().deployments().inNamespace(NS).resource(deployment("during-total-outage", 2)).create();
        for (RealNode m : plane.masters()) {
            for (String c : List.of("kube-scheduler", "kube-controller-manager")) {
                String old = before.containers().get(m.name()).get(c);
                Await.until(c + " restarted on " + m.name(), RECOVERY, () -> {
                    String now = plane.runningContainer(m, c);
                    return !now.isEmpty() && !now.equals(old);
                });
            }
        }
        Await.until("the Deployment created meanwhile available", RECOVERY, () -> {
            Deployment d = client.apps().deployments().inNamespace(NS).withName("during-total-outage").get();
            return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas());
        });
        LOG.info("every scheduler and controller-manager killed (SIGKILL) -> the Deployment created meanwhile available"
                + " in {} ms", millisSince(t0));
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("app", "during-total-outage").list().getItems();
        assertThat(pods).as("pods of the Deployment").hasSize(2).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName()).isEqualTo(worker.name());
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
        Set<String> hit = Set.of("kube-scheduler", "kube-controller-manager");
        Map<String, Set<String>> all = Map.of(plane.masters().get(0).name(), hit, plane.masters().get(1).name(), hit,
                plane.masters().get(2).name(), hit);
        before.assertOnlyTouched(plane, worker, all);
        assertSteady();
        assertEtcd();
    }

    @Test
    @Order(4)
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
    @Order(5)
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
        Map<String, String> apiServersBefore = runningContainers("kube-apiserver");
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
        for (RealNode m : plane.masters()) {
            // every API server read the lost cluster: the survivor's is restarted by recover-etcd, the others' by
            // their agents once their member joined the restored cluster
            Await.until("the API server of " + m.name() + " restarted (its manifest annotated), running", RECOVERY, () -> {
                String now = plane.runningContainer(m, "kube-apiserver");
                return restartAnnotated(m) && !now.isEmpty() && !now.equals(apiServersBefore.get(m.name()));
            });
        }
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

    /**
     * Last, as it leaves a master powered off: the healer's control-plane rules, two masters' kubelets killed
     * ({@link ThreeMasterHealerScenario}).
     */
    @Test
    @Order(6)
    void twoMastersLoseTheirKubeletsOnlyOneIsRemediatedAndItsFenceWaitsForTheEtcdQuorum() {
        awaitThreeHealthyMembers();
        plane.awaitSettled(RECOVERY);
        ThreeMasterHealerScenario.run(plane, worker);
    }

    /** SIGKILLs a component's process on a master; returns when, as System.nanoTime(). */
    private static long kill(RealNode master, String component) {
        // /proc/<pid>/comm holds 15 characters: kube-controller-manager is "kube-controller"
        long pid = master.descendantPid(component.length() > 15 ? component.substring(0, 15) : component);
        assertThat(pid).as(component + " process on " + master.name()).isPositive();
        long t0 = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return t0;
    }

    private Lease lease(String name) {
        return client.leases().inNamespace("kube-system").withName(name).get();
    }

    private static <T> T awaitFound(String what, Duration timeout, Supplier<Optional<T>> find) {
        AtomicReference<T> found = new AtomicReference<>();
        Await.until(what, timeout, Duration.ofMillis(500), () -> find.get().map(t -> {
            found.set(t);
            return true;
        }).orElse(false), null);
        return found.get();
    }

    /** The one master whose component holds its leader-election lease, if exactly one does. */
    private Optional<RealNode> leader(String component) {
        List<RealNode> holders = plane.masters().stream().filter(m -> plane.holdsLease(m, component)).toList();
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
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
        return runningContainers("etcd");
    }

    private boolean restartAnnotated(RealNode master) {
        try {
            return Files.readString(plane.manifest(master, "kube-apiserver")).contains(LocalApiServer.StaticPod.RESTARTED_AT);
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, String> runningContainers(String component) {
        Map<String, String> ids = new LinkedHashMap<>();
        plane.masters().forEach(m -> ids.put(m.name(), plane.runningContainer(m, component)));
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

    private PodSpec workerPodSpec() {
        return new PodSpecBuilder().withNodeSelector(Map.of("kubernetes.io/hostname", worker.name()))
                .addNewContainer().withName("app").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("sleep", "3600").endContainer().withTerminationGracePeriodSeconds(0L).build();
    }

    /** Creates a pod through the balancer; a request lost with the connection to a killed server is sent again. */
    private void createPod(String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(workerPodSpec()).build();
        try {
            client.pods().inNamespace(NS).resource(pod).create();
        } catch (KubernetesClientException e) {
            LOG.info("creating pod {}: {}; sent again", name, e.getMessage());
            if (client.pods().inNamespace(NS).withName(name).get() == null) {
                client.pods().inNamespace(NS).resource(pod).create();
            }
        }
    }

    private Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withSpec(workerPodSpec()).endTemplate().endSpec().build();
    }

    private boolean scheduled(String pod) {
        Pod p = client.pods().inNamespace(NS).withName(pod).get();
        return p != null && p.getSpec().getNodeName() != null;
    }

    /** Every etcd member healthy, the cluster still the three masters. */
    private void assertEtcd() {
        List<String> masters = plane.masters().stream().map(RealNode::name).toList();
        for (EtcdMember m : plane.etcdMembers()) {
            assertThat(plane.etcd().healthy(m.clientUrl())).as("etcd member " + m.name() + " healthy").isTrue();
            assertThat(plane.etcd().memberNames(m.clientUrl())).as("etcd members seen by " + m.name())
                    .containsExactlyInAnyOrderElementsOf(masters);
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
