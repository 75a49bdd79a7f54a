package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.StaticPodMaster;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's "single master's API server killed and its manifest removed" on a kubeadm-shaped master whose real
 * kubelet runs etcd and kube-apiserver as static pods ({@link StaticPodMaster}), supervised by the node agent from
 * its local configuration. Killed with its manifest removed, the agent puts the manifest back from its checkpoint
 * and the kubelet runs the API server again; killed again with the manifest in place, the kubelet restarts it by
 * itself and the agent leaves it to it ({@code kubeletGrace}). Each time the API answers with the data written
 * before.
 */
class StaticPodControlPlaneIT {

    private static final Logger LOG = LoggerFactory.getLogger(StaticPodControlPlaneIT.class);
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @Test
    void theKubeletAndTheAgentBringBackTheApiServerOfASingleStaticPodMaster() throws Exception {
        try (KubeTestbed kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
             RealNodes nodes = RealNodes.on(kube);
             StaticPodMaster master = StaticPodMaster.start(nodes, "master");
             NodeAgent agent = agent(master)) {
            agent.start();
            Await.until("the agent's checkpoints of etcd and kube-apiserver", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> agent.checkpoints().latest("etcd").isPresent() && agent.checkpoints().latest("kube-apiserver").isPresent(),
                    () -> "health: " + agent.health());
            KubernetesClient client = master.client();
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
                    .endMetadata().withData(Map.of("written", "before the failures")).build()).create();
            Path manifest = master.manifest("kube-apiserver");
            String content = Files.readString(manifest);

            // Seed 001: the single master's API server killed and its manifest removed (its first failure).
            String first = master.runningContainer("kube-apiserver");
            long removed = kill(master);
            Files.delete(manifest);
            Await.until("the manifest restored", RECOVERY, Duration.ofMillis(100), () -> Files.exists(manifest), null);
            LOG.info("kube-apiserver manifest removed -> restored by the agent in {} ms", millisSince(removed));
            master.awaitApiReady(RECOVERY);
            LOG.info("static-pod API server killed and its manifest removed -> /readyz ok in {} ms", millisSince(removed));
            assertThat(Files.readString(manifest)).as("restored from the checkpoint").isEqualTo(content);
            String second = master.runningContainer("kube-apiserver");
            assertThat(second).as("the kubelet runs the API server again").isNotEmpty().isNotEqualTo(first);
            assertData(client);
            awaitAgentSeesHealthy(agent);

            // Killed again, manifest in place: the kubelet's own restart (after its crash-loop back-off), not the agent's.
            long killed = kill(master);
            master.awaitApiReady(RECOVERY);
            LOG.info("static-pod API server killed again -> /readyz ok in {} ms (kubelet restart, in its back-off)",
                    millisSince(killed));
            assertThat(master.runningContainer("kube-apiserver")).as("the kubelet's new container").isNotEmpty()
                    .isNotEqualTo(second);
            assertThat(Files.readString(manifest)).as("manifest untouched").isEqualTo(content);
            assertThat(agent.health("kube-apiserver").orElseThrow().restartsInWindow())
                    .as("restarts by the agent: the kubelet's turn (kubeletGrace)").isZero();
            assertData(client);
            awaitAgentSeesHealthy(agent);
            assertThat(master.nodeReady()).as("master Ready").isTrue();
        }
    }

    private static void awaitAgentSeesHealthy(NodeAgent agent) {
        Await.until("the agent reporting kube-apiserver healthy", RECOVERY, Duration.ofMillis(200),
                () -> agent.health("kube-apiserver").map(h -> h.healthy()).orElse(false), () -> "health: " + agent.health());
    }

    /** SIGKILLs the API server's process (inside its container); returns when, as System.nanoTime(). */
    private static long kill(StaticPodMaster master) {
        long pid = master.node().descendantPid("kube-apiserver");
        assertThat(pid).as("API server process").isPositive();
        long t0 = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return t0;
    }

    private static void assertData(KubernetesClient client) {
        assertThat(client.configMaps().inNamespace("default").withName("before").get().getData())
                .containsEntry("written", "before the failures");
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The master's agent: etcd and kube-apiserver as static pods in the kubelet's manifest folder, probed from the host. */
    private static NodeAgent agent(StaticPodMaster master) throws Exception {
        Path dir = Workspace.newDir("agent-" + master.node().name());
        String yaml = """
                node: %s
                stateDir: state
                superviseInterval: 500ms
                staticPodManifests: '%s'
                components:
                  - component: etcd
                    runtime: static-pod
                    manifest: etcd.yaml
                    probe: {type: none}
                  - component: kube-apiserver
                    runtime: static-pod
                    manifest: kube-apiserver.yaml
                    kubeletGrace: 60s
                    probe: {type: https, url: '%s/readyz', caFile: '%s', expectBody: ok, timeout: 2s}
                checkpoint: {keep: 3, restoreAfter: 60s, mirrorToCluster: false}
                os: {enabled: false}
                report: {enabled: false}
                """.formatted(master.node().name(), master.node().staticPodPath(), master.apiServerUrl(), master.caPem());
        Path file = Files.writeString(dir.resolve("agent.yaml"), yaml);
        NodeAgent agent = NodeAgent.builder(AgentConfig.parse(yaml, file.getParent(), Map.of())).build();
        master.node().onPowerOff(agent::close);
        return agent;
    }
}
