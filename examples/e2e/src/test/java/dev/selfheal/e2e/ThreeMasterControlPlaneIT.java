package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.node.EtcdMember;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.node.ThreeMasterPlane;
import dev.selfheal.testbed.process.Await;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
 * (in order): three real masters running etcd, kube-apiserver, kube-controller-manager and kube-scheduler as static
 * pods, haproxy in front of the API servers, and one real worker joined through it. Each failure is undone by the
 * masters' kubelets (the components are static pods); each test asserts the end state, that nothing but the failed
 * components changed (every other container on the masters, the worker's kubelet and containerd), and that what
 * was created during the failure runs afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeMasterControlPlaneIT {

    private static final Logger LOG = LoggerFactory.getLogger(ThreeMasterControlPlaneIT.class);
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final String NS = "three-masters";

    private KubeTestbed kube;
    private RealNodes nodes;
    private ThreeMasterPlane plane;
    private RealNode worker;
    private KubernetesClient client;

    @BeforeAll
    void startPlane() {
        kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
        nodes = RealNodes.on(kube);
        plane = ThreeMasterPlane.start(nodes, "master");
        LOG.info("three-master plane start-up: {} ms (files, balancer, three masters booted, every API server ready,"
                + " masters Ready)", plane.startupMillis());
        worker = plane.addWorker("worker");
        client = plane.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        Await.until("the ServiceAccount of " + NS, RECOVERY,
                () -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
        createPod("steady");
        awaitRunning("steady");
    }

    @AfterAll
    void stopPlane() {
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
        RealNode victim = awaitFound("a master holding no lease", RECOVERY, () -> plane.masters().stream()
                .filter(m -> !plane.holdsLease(m, "kube-scheduler") && !plane.holdsLease(m, "kube-controller-manager"))
                .findFirst());
        plane.awaitSettled(RECOVERY);
        ThreeMasterSnapshot before = ThreeMasterSnapshot.take(plane, worker);
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
        assertThat(plane.balancerTookOut(victim)).as("haproxy's health check took the dead API server out").isTrue();
        before.assertOnlyTouched(plane, worker, Map.of(victim.name(), Set.of("kube-apiserver")));
        assertSteady();
        assertEtcd();
    }

    @Test
    @Order(2)
    void theSchedulerLeaderKilledAnotherTakesTheLeaseTheDeadOneRestartsAndANewPodIsScheduled() throws Exception {
        RealNode leader = awaitFound("the scheduler leader", RECOVERY, () -> single(plane.masters().stream()
                .filter(m -> plane.holdsLease(m, "kube-scheduler")).toList()));
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

    private static <T> Optional<T> single(List<T> items) {
        return items.size() == 1 ? Optional.of(items.get(0)) : Optional.empty();
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

    private void awaitRunning(String pod) {
        Await.until("pod " + pod + " Running on " + worker.name(), RECOVERY, () -> {
            Pod p = client.pods().inNamespace(NS).withName(pod).get();
            return p != null && worker.name().equals(p.getSpec().getNodeName()) && p.getStatus() != null
                    && "Running".equals(p.getStatus().getPhase());
        });
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

    private void assertSteady() {
        Pod p = client.pods().inNamespace(NS).withName("steady").get();
        assertThat(p.getStatus().getPhase()).as("the pod running before every failure").isEqualTo("Running");
        assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).as("its restartCount").isZero();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
