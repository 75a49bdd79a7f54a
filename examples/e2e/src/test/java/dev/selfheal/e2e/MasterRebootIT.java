package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.node.BootPlan;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.StaticPodMaster;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's "single master reboots as a whole" on a kubeadm-shaped master ({@link StaticPodMaster}) with a worker
 * joined to it: the master's machine boots as systemd would, the shipped node agent first (a process of the
 * machine, {@link NodeAgentUnit}), which starts containerd and kubelet, and kubelet the static pods. Every process of
 * the master (agent, kubelet, containerd, shims, control-plane containers) is SIGKILLed at once; the API server's
 * manifest is lost meanwhile. On boot the agent puts the manifest back from its checkpoint, the API answers again
 * with the data written before, the worker is Ready by a heartbeat after the reboot, its pod kept the same
 * container all along, a pod created after the reboot is scheduled and runs, and the worker was never touched.
 */
class MasterRebootIT {

    private static final Logger LOG = LoggerFactory.getLogger(MasterRebootIT.class);
    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    void theSingleMasterRebootsAsAWholeAndComesBackFromItsAgentAndCheckpoints() throws Exception {
        try (KubeTestbed kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
             RealNodes nodes = RealNodes.on(kube);
             StaticPodMaster master = StaticPodMaster.start(nodes, "master",
                     NodeAgentUnit.master(kube.certificateAuthority().caPem()))) {
            RealNode m = master.node();
            RealNode worker = master.join("worker-a", BootPlan.components());
            KubernetesClient client = master.client();
            awaitCheckpoints(m);
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
                    .endMetadata().withData(Map.of("written", "before the reboot")).build()).create();
            Await.until("the default ServiceAccount", BOOT, Duration.ofMillis(300),
                    () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null, null);
            RealNodeApp app = RealNodeApp.start(client, "default", "app", worker);
            Worker before = Worker.of(worker, app);
            assertThat(before.containers()).hasSize(1);
            assertThat(before.appPid()).isPositive();
            long agent = m.pidOf("java");
            Path manifest = master.manifest("kube-apiserver");
            String content = Files.readString(manifest);

            rebootLosingTheManifest(master, worker);

            assertThat(Files.readString(manifest)).as("the API server's manifest restored from the checkpoint").isEqualTo(content);
            assertThat(m.pidOf("java")).as("a new agent").isPositive().isNotEqualTo(agent);
            assertThat(client.configMaps().inNamespace("default").withName("before").get().getData())
                    .containsEntry("written", "before the reboot");
            Await.until("master Ready", BOOT, Duration.ofMillis(300), master::nodeReady, null);
            assertThat(app.restartCount()).isZero();
            assertThat(app.answer()).isEqualTo("up");
            RealNodeApp after = RealNodeApp.scheduled(client, "default", "after", worker);
            assertThat(after.answer()).as("a pod created after the reboot, scheduled and running").isEqualTo("up");
            assertThat(Worker.of(worker, app)).as("the worker untouched: machine, kubelet, containerd, the pod's container")
                    .isEqualTo(before);
        }
    }

    /**
     * SIGKILLs every process of the master (its machine's init: the kernel kills its whole PID namespace, containers
     * included), asserts none is left, deletes the API server's manifest as lost meanwhile, powers the machine on and
     * waits until the API answers and every worker is Ready by a heartbeat after the reboot; logs both times.
     */
    private static void rebootLosingTheManifest(StaticPodMaster master, RealNode worker) throws IOException {
        RealNode m = master.node();
        List<Long> before = m.processes();
        assertThat(before).as("the master's processes").contains(m.pidOf("java"), m.kubeletPid(), m.containerdPid(),
                m.descendantPid("etcd"), m.descendantPid("kube-apiserver"));
        long t0 = System.nanoTime();
        Instant reboot = Instant.now();
        m.powerOff();
        Await.until("every process of the master gone", Duration.ofSeconds(10),
                () -> before.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
        Files.delete(master.manifest("kube-apiserver"));
        m.powerOn();
        long booted = millisSince(t0);
        master.awaitApiReady(BOOT);
        long api = millisSince(t0);
        Await.until("every worker Ready by a heartbeat after the reboot", BOOT, Duration.ofMillis(200),
                () -> readySince(master.client(), worker, reboot.truncatedTo(ChronoUnit.SECONDS)), null);
        LOG.info("whole master reboot at {} (SIGKILL, machine on again and agent started after {} ms): API /readyz ok"
                + " after {} ms, all workers Ready after {} ms", reboot, booted, api, millisSince(t0));
    }

    /** What must not change on a worker while the master reboots: its machine, kubelet, containerd, the app's container. */
    private record Worker(long init, long kubelet, long containerd, List<String> containers, long appPid) {

        static Worker of(RealNode node, RealNodeApp app) {
            List<String> ids = app.containers();
            return new Worker(node.initPid(), node.kubeletPid(), node.containerdPid(), ids,
                    ids.size() == 1 ? app.pid(ids.get(0)) : 0);
        }
    }

    /** The agent's checkpoints of the four manifests and an etcd snapshot, on the master's disk. */
    private static void awaitCheckpoints(RealNode m) {
        Await.until("the agent's checkpoints and an etcd snapshot", BOOT, Duration.ofMillis(300), () ->
                StaticPodMaster.COMPONENTS.stream().allMatch(c -> holds(NodeAgentUnit.manifestCheckpoints(m, c), ".ckpt"))
                        && holds(NodeAgentUnit.etcdSnapshots(m), ".db"), () -> m.unit("selfheal-agent") == null
                        ? "agent not running" : m.unit("selfheal-agent").logTail(30));
    }

    private static boolean holds(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Node is Ready by a heartbeat at or after {@code since} (the Ready of before lingers a while). */
    private static boolean readySince(KubernetesClient client, RealNode node, Instant since) {
        try {
            Node n = client.nodes().withName(node.name()).get();
            return n != null && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                    && "True".equals(c.getStatus()) && !Instant.parse(c.getLastHeartbeatTime()).isBefore(since));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
