package dev.selfheal.agent;

import static dev.selfheal.agent.AgentItSupport.killGroup;
import static dev.selfheal.agent.AgentItSupport.processGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.testbed.kube.EtcdCluster;
import dev.selfheal.testbed.process.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node agent runs member 0 of a real three-member etcd cluster as its {@code etcd} component, with
 * {@code etcdMember} configured. Member 0's data is destroyed and its process killed: the agent's own rounds
 * replace the member, and the cluster is back to three healthy members holding every key.
 */
class EtcdMemberAgentIT {

    private final EtcdCluster cluster = EtcdCluster.create(3);
    private NodeAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        cluster.close();
    }

    @Test
    void theAgentReplacesItsMemberWhoseDataWasDestroyed() throws Exception {
        Path dir = cluster.dir();
        Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(dir.resolve("manifests/etcd.yaml"), new ProcessManifest(cluster.command(0), Map.of(), dir).toYaml());
        EtcdCluster.Member m = cluster.member(0);
        AgentConfig config = config(m, dir);
        cluster.start(1);
        cluster.start(2);
        agent = NodeAgent.builder(config).build();
        agent.start();
        for (int i = 0; i < 3; i++) {
            cluster.awaitHealthy(i);
        }
        EtcdGateway peer = gateway(1);
        for (int i = 0; i < 10; i++) {
            peer.put("/selfheal/agent/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        String oldId = gateway(0).status().memberId();

        long t0 = System.nanoTime();
        deleteTree(m.dataDir());
        killGroup(processGroup(agent, "etcd"));

        Await.until("member 0 replaced and the cluster three healthy members again", Duration.ofSeconds(120), () -> {
            try {
                String id = gateway(0).status().memberId();
                return !id.equals(oldId) && peer.members().size() == 3 && peer.members().stream().allMatch(x -> x.started() && !x.learner())
                        && cluster.healthy(0) && cluster.healthy(1) && cluster.healthy(2);
            } catch (IOException e) {
                return false;
            }
        });
        System.out.println("[agent-bench] agent's etcd member: data destroyed + SIGKILL -> three healthy members again: "
                + (System.nanoTime() - t0) / 1_000_000 + " ms (interval 1s)");
        assertThat(gateway(0).rangePrefix("/selfheal/agent/")).hasSize(10);
        assertThat(Files.readString(dir.resolve("manifests/etcd.yaml"))).contains("--initial-cluster-state=existing");
        assertThat(agent.etcdMemberRepair()).isPresent();
    }

    private AgentConfig config(EtcdCluster.Member m, Path dir) {
        return AgentConfig.parse("""
                node: master-0
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: etcd
                    runtime: process
                    manifest: manifests/etcd.yaml
                    probe: {type: http, url: '%s/health', expectBody: '"health":"true"'}
                    restart: {backoff: 500ms, maxBackoff: 2s, budget: 100, window: 1m}
                os: {interval: 5s, kernelLog: none}
                report: {enabled: false}
                etcdMember:
                  name: %s
                  dataDir: '%s'
                  clientUrl: '%s'
                  peerUrl: '%s'
                  endpoints: ['%s', '%s', '%s']
                  repairAfter: 5s
                  startTimeout: 60s
                  interval: 1s
                """.formatted(m.clientUrl(), m.name(), m.dataDir(), m.clientUrl(), m.peerUrl(),
                cluster.member(0).clientUrl(), cluster.member(1).clientUrl(), cluster.member(2).clientUrl()), dir, Map.of());
    }

    private EtcdGateway gateway(int i) {
        return new EtcdGateway(cluster.member(i).clientUrl(), new HttpCall(null, null, null, false, Duration.ofSeconds(3)));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
