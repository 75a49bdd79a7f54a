package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.node.EtcdMember;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.node.ThreeMasterPlane;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer's control-plane rules on a {@link ThreeMasterPlane} (run last by {@link ThreeMasterPlaneIT}, on its
 * plane): three real masters (kubelet, containerd, a three-member etcd over TLS and the Kubernetes components as
 * static pods, haproxy in front) and a worker, each master's power driven by an IPMI BMC (ipmi_sim) that the bare-metal provider of a healer under the shipped RBAC
 * talks to, through haproxy. The kubelets of two masters are SIGKILLed (their containers, etcd among them, keep
 * running: etcd keeps its quorum and the API answers); both Leases expire. Only one of them is remediated, the other
 * blocked by the control-plane gate; its fence is held by the etcd quorum gate while the other member's node is
 * down, and no power call is made. Once the second master's kubelet is back, the fence powers the first master off
 * through its BMC (its processes die, etcd goes on with two members), and the ladder passes by replacing a
 * control-plane node that was never rebooted.
 */
final class ThreeMasterHealerScenario {

    private static final Logger LOG = LoggerFactory.getLogger(ThreeMasterHealerScenario.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NS = "cp-healer-apps";
    private static final String HEALER_NS = "cp-healer";
    private static final Duration NODE_THRESHOLD = Duration.ofSeconds(15);

    private ThreeMasterHealerScenario() {
    }

    /** Runs the scenario on {@code plane} (three Ready masters, every component running) with its {@code worker}. */
    static void run(ThreeMasterPlane plane, RealNode worker) {
        KubernetesClient client = plane.client();
        List<RealNode> masters = plane.masters();
        // a merge patch, not an edit: the kubelets update their Nodes all the while (an edit may meet a 409)
        masters.forEach(m -> client.nodes().withName(m.name()).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + NodeView.CONTROL_PLANE_LABEL + "\":\"\"}}}"));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        Await.until("the ServiceAccount of " + NS, WAIT,
                () -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
        RealNode a = masters.get(0);
        RealNode b = masters.get(1);
        RealNode c = masters.get(2);
        for (RealNode n : List.of(a, b, worker)) {
            createPod(client, "app-" + n.name(), n);
        }
        for (RealNode n : List.of(a, b, worker)) {
            awaitRunning(client, "app-" + n.name());
        }
        try (RealNodeBmcs bmcs = RealNodeBmcs.of(a, b, c);
             SafetyRecorder safeA = new SafetyRecorder(client);
             SafetyRecorder safeB = new SafetyRecorder(client);
             ApiProbe api = ApiProbe.start(client, worker.name())) {
            safeA.watch(a.name(), NS, () -> !a.isPoweredOn());
            safeB.watch(b.name(), NS, () -> !b.isPoweredOn());
            try (HealerUnderTest healer = HealerUnderTest.start(client, config(bmcs), List.of(safeA, safeB))) {
                heal(plane, worker, bmcs, healer, Map.of(a, safeA, b, safeB));
            }
            LOG.info("through haproxy: {} reads ok, {} sent again ({}), {} failed", api.succeeded(), api.resent().size(),
                    api.resent(), api.failures().size());
            assertThat(api.failures()).as("API requests through haproxy that failed, of " + api.succeeded()).isEmpty();
            assertThat(api.succeeded()).as("API requests through haproxy").isPositive();
        }
    }

    private static void heal(ThreeMasterPlane plane, RealNode worker, RealNodeBmcs bmcs, HealerUnderTest healer,
                             Map<RealNode, SafetyRecorder> safety) {
        KubernetesClient client = plane.client();
        List<RealNode> masters = plane.masters();
        List<Long> workerPids = List.of(worker.kubeletPid(), worker.containerdPid());
        long t0 = System.nanoTime();
        masters.get(0).killKubelet();
        masters.get(1).killKubelet();
        Await.until("one of the two masters remediated, its fence held", WAIT, Duration.ofMillis(250),
                () -> held(client, masters.get(0)) || held(client, masters.get(1)), null);
        RealNode first = held(client, masters.get(0)) ? masters.get(0) : masters.get(1);
        RealNode second = first == masters.get(0) ? masters.get(1) : masters.get(0);
        LOG.info("two kubelets killed -> the fence of {} held in {} ms", first.name(), millisSince(t0));
        List<Long> pids = assertHeld(plane, bmcs, healer, first, second);

        long t1 = System.nanoTime();
        second.startKubelet();
        Await.until(second.name() + " Ready again", WAIT, () -> plane.nodeReady(second.name()));
        Await.until(first.name() + " powered off through its BMC", WAIT, Duration.ofMillis(250),
                () -> bmcs.bmc(first).chassisRequests().contains("set power 0") && !first.isPoweredOn(), null);
        LOG.info("{}'s kubelet started -> {} powered off through IPMI in {} ms", second.name(), first.name(), millisSince(t1));
        // the machine's power goes first; its containerd and the containers' processes are reaped right after
        Await.until("containerd, etcd and kube-apiserver of the fenced " + first.name() + " gone", Duration.ofSeconds(10),
                () -> pids.stream().allMatch(p -> ProcessHandle.of(p).isEmpty()));
        Await.until(first.name() + "'s remediation ended", WAIT, Duration.ofMillis(250), () -> healer.remediation(first.name())
                .map(r -> r.state().isFinal()).orElse(false), () -> "history " + healer.history(first.name()));
        assertLadder(healer.remediation(first.name()).orElseThrow(), first);
        assertEtcdQuorum(plane, first);
        for (RealNode n : plane.masters()) {
            if (n != first) {
                assertThat(bmcs.bmc(n).chassisRequests()).as("power calls to " + n.name()).noneMatch(r -> r.startsWith("set power"));
                assertThat(n.isPoweredOn()).isTrue();
            }
        }
        assertThat(healer.remediation(second.name())).as("remediation of " + second.name()).isEmpty();
        assertThat(healer.remediation(worker.name())).as("remediation of the worker").isEmpty();
        assertThat(List.of(worker.kubeletPid(), worker.containerdPid())).as("the worker's kubelet and containerd")
                .isEqualTo(workerPids);
        assertThat(client.pods().inNamespace(NS).withName("app-" + second.name()).get()).as("the pod on " + second.name())
                .isNotNull();
        safety.get(first).assertReleasedOnlyAfterFence();
        safety.get(second).assertNothingReleased();
    }

    /**
     * The fence of {@code first} held by the etcd quorum naming {@code second}, which waits for it; no power call
     * made. Returns containerd's, etcd's and kube-apiserver's pids on {@code first}, all running.
     */
    private static List<Long> assertHeld(ThreeMasterPlane plane, RealNodeBmcs bmcs, HealerUnderTest healer, RealNode first,
                                         RealNode second) {
        KubernetesClient client = plane.client();
        assertThat(eventMessages(client, first)).anyMatch(m -> m.startsWith("etcd-quorum: refusing fence of " + first.name()
                + " (3 etcd members): only 1 of the other 2 members would stay healthy, fewer than the quorum of 2; unhealthy: "
                + second.name() + ": "));
        Await.until(second.name() + " told it waits for " + first.name(), WAIT, () -> eventMessages(client, second).stream()
                .anyMatch(m -> m.startsWith("control-plane: control-plane node " + first.name() + " is under remediation (")));
        assertThat(events(client, second)).contains("RemediationBlocked");
        assertThat(healer.remediation(second.name())).as("remediation of " + second.name()).isEmpty();
        List<Long> pids = List.of(first.containerdPid(), first.descendantPid("etcd"), first.descendantPid("kube-apiserver"));
        assertThat(pids).as("containerd, etcd and kube-apiserver of " + first.name()).allMatch(p -> p > 0);
        plane.masters().forEach(m -> assertThat(bmcs.bmc(m).chassisRequests()).as("power calls to " + m.name()
                + "'s BMC while " + second.name() + " is down").noneMatch(r -> r.startsWith("set power")));
        assertThat(first.isPoweredOn()).isTrue();
        return pids;
    }

    /** Fenced and released; replace passed by (never rebooted), so the remediation ends for a person. */
    private static void assertLadder(Remediation r, RealNode first) {
        assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                .containsExactly("fence=done", "release=done", "replace=skipped", "remove-node=skipped");
        assertThat(r.history().get(2).detail())
                .startsWith("reboot-before-replace: refusing replace of control-plane node " + first.name());
        assertThat(r.state()).isEqualTo(RemediationState.FAILED);
    }

    /** The two members left are healthy and still see three members: the quorum held. */
    private static void assertEtcdQuorum(ThreeMasterPlane plane, RealNode fenced) {
        for (EtcdMember m : plane.etcdMembers()) {
            if (m.node() != fenced) {
                Await.until("etcd member " + m.name() + " healthy", WAIT, () -> plane.etcd().healthy(m.clientUrl()));
                assertThat(plane.etcd().memberNames(m.clientUrl())).as("etcd members seen by " + m.name()).hasSize(3);
            }
        }
        assertThat(plane.client().nodes().withName(fenced.name()).get()).as("the fenced master's Node").isNotNull();
    }

    /**
     * The scenarios' configuration, except: two nodes of four may be down; one attempt per node (the fenced master
     * stays as the fence left it, for a person); the ladder of an unreachable node without reboot; and a node
     * threshold above the kubelet's node Lease (10 s) plus its renew interval (2.5 s). Two kubelets killed at once
     * are then both past their Leases by the time either is diagnosed; with a threshold at the Lease's duration, the
     * first master's fence could be decided while the second's Lease still ran out its last seconds (its etcd member
     * healthy all the same).
     */
    private static SelfhealConfig config(RealNodeBmcs bmcs) {
        SelfhealConfig base = E2eConfig.healer(HEALER_NS);
        GateSettings g = base.gates();
        return base.toBuilder().provider(bmcs.provider())
                .checks(base.checks().withNodeThreshold(NODE_THRESHOLD))
                .gates(new GateSettings(MaxUnhealthy.parse("75%"), g.stormCooldown(), g.maxConcurrent(), 1,
                        g.attemptWindow(), g.backoff(), g.excludeLabel(), g.flapWindow(), g.domainStorm(), g.controlPlane()))
                .recovery(base.recovery().withLadder("NODE_UNREACHABLE", List.of("fence", "release", "replace", "remove-node")))
                .build();
    }

    private static boolean held(KubernetesClient client, RealNode node) {
        return events(client, node).contains("StepHeld");
    }

    private static List<String> events(KubernetesClient client, RealNode node) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.name().equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    private static List<String> eventMessages(KubernetesClient client, RealNode node) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.name().equals(e.getInvolvedObject().getName())).map(e -> e.getMessage()).toList();
    }

    private static void createPod(KubernetesClient client, String name, RealNode node) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeSelector(Map.of("kubernetes.io/hostname", node.name())).addNewContainer().withName("app")
                .withImage(TestImages.BUSYBOX).withImagePullPolicy("Never").withCommand("sleep", "3600").endContainer()
                .withTerminationGracePeriodSeconds(0L).endSpec().build()).create();
    }

    private static void awaitRunning(KubernetesClient client, String name) {
        Await.until("pod " + name + " Running", WAIT, () -> {
            Pod p = client.pods().inNamespace(NS).withName(name).get();
            return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
        });
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Reads a Node through haproxy every 500 ms and keeps what failed. A read lost with a connection to an API server
     * that died (haproxy in TCP mode cannot move an established connection) is sent again once; only a read that
     * fails twice counts as failed.
     */
    private static final class ApiProbe implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<String> resent = new CopyOnWriteArrayList<>();
        private final AtomicLong succeeded = new AtomicLong();

        static ApiProbe start(KubernetesClient client, String node) {
            ApiProbe p = new ApiProbe();
            p.timer.scheduleWithFixedDelay(() -> p.read(client, node), 0, 500, TimeUnit.MILLISECONDS);
            return p;
        }

        private void read(KubernetesClient client, String node) {
            try {
                found(client, node);
            } catch (RuntimeException first) {
                resent.add(first.toString());
                try {
                    found(client, node);
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }

        private void found(KubernetesClient client, String node) {
            if (client.nodes().withName(node).get() == null) {
                throw new IllegalStateException("Node " + node + " not found");
            }
            succeeded.incrementAndGet();
        }

        List<String> resent() {
            return List.copyOf(resent);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        long succeeded() {
            return succeeded.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
