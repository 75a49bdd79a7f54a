package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.testbed.kube.EtcdCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A three-member cluster of real etcd processes; member 0 is run by the agent's process runtime from a process
 * manifest. Its data directory is destroyed: the repair replaces it through a healthy peer, and the cluster is
 * back to three healthy members with every key written before (and during) the failure readable from it.
 */
class EtcdMemberRepairIT {

    private final EtcdCluster cluster = EtcdCluster.create(3);
    private final Commands commands = new Commands();
    private ProcessRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        commands.close();
        cluster.close();
    }

    @Test
    void aMemberWhoseDataIsDestroyedIsReplacedAndHoldsEveryKey() throws Exception {
        Path manifest = startAll();
        EtcdGateway peer = gateway(1);
        for (int i = 0; i < 20; i++) {
            peer.put("/selfheal/before/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        String oldId = gateway(0).status().memberId();
        AtomicReference<EtcdMemberRepair.Result> concurrent = new AtomicReference<>();
        AtomicReference<EtcdMemberRepair> repairRef = new AtomicReference<>();
        LocalMember local = new LocalMember() {
            private final ProcessLocalMember real = new ProcessLocalMember(runtime, manifest);

            @Override
            public void stop() {
                concurrent.set(repairRef.get().runOnce());
                real.stop();
            }

            @Override
            public void start(Map<String, String> flags) {
                real.start(flags);
            }
        };
        EtcdMemberRepair repair = new EtcdMemberRepair(settings(0), local, Clock.systemUTC());
        repairRef.set(repair);
        assertThat(repair.runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);

        runtime.stop();
        cluster.destroyData(0);
        runtime.start();
        peer.put("/selfheal/during", "while member 0 was broken".getBytes(StandardCharsets.UTF_8));

        EtcdMemberRepair.Result result = repair.runOnce();

        assertThat(result.decision()).as(result.detail()).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(result.repaired()).as(result.detail()).isTrue();
        assertThat(concurrent.get().detail()).as("a second repair while one runs").isEqualTo("busy");
        List<EtcdGateway.Member> members = peer.members();
        assertThat(members).hasSize(3).allMatch(EtcdGateway.Member::started);
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.healthy(i)).as("member %d healthy", i).isTrue();
        }
        EtcdGateway repaired = gateway(0);
        assertThat(repaired.status().memberId()).isNotEqualTo(oldId);
        List<EtcdGateway.KeyValue> read = repaired.rangePrefix("/selfheal/");
        assertThat(read).hasSize(21);
        assertThat(read).anyMatch(kv -> kv.key().equals("/selfheal/before/7") && new String(kv.value(), StandardCharsets.UTF_8).equals("v7"));
        assertThat(Files.readString(manifest)).contains("--initial-cluster-state=existing");
        assertThat(repair.runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);
    }

    @Test
    void noRepairWhenThePeersLackQuorum() throws Exception {
        Path manifest = startAll();
        cluster.kill(2);
        runtime.stop();
        cluster.destroyData(0);
        EtcdMemberRepair repair = new EtcdMemberRepair(settings(0), new ProcessLocalMember(runtime, manifest), Clock.systemUTC());

        EtcdMemberRepair.Result result = repair.runOnce();

        assertThat(result.decision()).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(result.detail()).contains("quorum");
        assertThat(gateway(1).members()).hasSize(3);
    }

    /** Members 1 and 2 as testbed peers, member 0 under the agent's process runtime; returns its manifest. */
    private Path startAll() throws Exception {
        Path manifest = cluster.dir().resolve("etcd-0.yaml");
        String yaml = new ProcessManifest(cluster.command(0), Map.of(), cluster.dir()).toYaml();
        Files.writeString(manifest, yaml);
        runtime = new ProcessRuntime("etcd-0", ProcessManifest.parse(yaml), cluster.dir().resolve("logs"), cluster.dir(),
                Duration.ofSeconds(5), commands);
        cluster.start(1);
        cluster.start(2);
        runtime.start();
        for (int i = 0; i < 3; i++) {
            cluster.awaitHealthy(i);
        }
        return manifest;
    }

    private EtcdMemberSettings settings(int i) {
        EtcdCluster.Member m = cluster.member(i);
        return new EtcdMemberSettings(m.name(), m.dataDir(), m.clientUrl(), m.peerUrl(), cluster.clientUrls(), null, null,
                null, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    private EtcdGateway gateway(int i) {
        return new EtcdGateway(cluster.member(i).clientUrl(), new HttpCall(null, null, null, false, Duration.ofSeconds(5)));
    }
}
