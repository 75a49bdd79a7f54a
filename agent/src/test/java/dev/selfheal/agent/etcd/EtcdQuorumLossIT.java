package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.checkpoint.EtcdSnapshotSettings;
import dev.selfheal.agent.checkpoint.EtcdSnapshotter;
import dev.selfheal.agent.checkpoint.RevisionMark;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.recover.EtcdQuorumRecovery;
import dev.selfheal.agent.recover.EtcdRecoveryReport;
import dev.selfheal.testbed.kube.EtcdCluster;
import dev.selfheal.testbed.process.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quorum lost on a three-member cluster of real etcd processes: two members' data destroyed. {@code recover}
 * restores the agent's newest snapshot as a cluster of one; the other members join it through their own member
 * repair, back to three. Keys up to the snapshot are back; the writes after it are gone and reported: named when
 * the recovering node's data survived, counted from the agent's revision mark when it did not.
 */
class EtcdQuorumLossIT {

    private final AgentRunMembers etcd = new AgentRunMembers(3);
    private final EtcdMemberRepair[] repairs = new EtcdMemberRepair[3];
    private final ApiServerProbe[] apiServers = new ApiServerProbe[3];
    private Path checkpoints;
    private long lastSeen;

    @AfterEach
    void stop() {
        etcd.close();
    }

    @Test
    void recoverRestoresTheSnapshotReportsTheLostWritesAndTheClusterGrowsBackToThree() throws Exception {
        writeSnapshotAndLoseQuorum();
        assertThat(repairs[0].runOnce().decision()).as("no member repair without quorum")
                .isInstanceOf(MemberRepairDecision.Refuse.class);

        ApiServerProbe apiServer = new ApiServerProbe(0);
        long t0 = System.nanoTime();
        EtcdRecoveryReport report = recovery(0, etcd.local(0), apiServer).recover();
        long restoredMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(apiServer.events).as("the node's API server stopped before the restore, started after it answered")
                .containsExactly("stop (member answering: false)", "start (member answering: true)");

        assertThat(report.lastSeenRevision()).isEqualTo(lastSeen);
        assertThat(report.lostRevisions()).isEqualTo(3).isEqualTo(lastSeen - report.snapshotRevision());
        assertThat(report.lostKeys()).extracting(EtcdGateway.KeyRevision::key)
                .containsExactlyInAnyOrder("/selfheal/late/a", "/selfheal/late/b", "/selfheal/kept/3");
        assertThat(report.keptDataDir()).isNotNull().exists();
        try (Stream<Path> files = Files.list(checkpoints.resolve("etcd"))) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith("recover-report-")).findFirst().orElseThrow();
            assertThat(Files.readString(file)).contains("/selfheal/late/a", "/selfheal/late/b", "/selfheal/kept/3",
                    "\"lostRevisions\":3");
        }
        assertRestored(0);
        joinBack(1, 2);
        for (int i : new int[] {1, 2}) {
            assertThat(apiServers[i].events).as("member %d joined the restored cluster: its node's API server restarted", i)
                    .containsExactly("restart (member answering: true)");
        }
        assertThat(apiServers[0].events).as("the recovering node's API server: left to recover").isEmpty();
        System.out.println("[agent-bench] etcd quorum lost -> restored from the snapshot, one member healthy: " + restoredMs
                + " ms; -> three members again (two joins): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void recoverOnANodeWhoseDataIsGoneCountsTheLossAndTheSurvivorsDataIsKeptWhenItJoins() throws Exception {
        writeSnapshotAndLoseQuorum();
        EtcdRecoveryReport report = recovery(2).recover();

        assertThat(report.survivorRevision()).isEqualTo(-1);
        assertThat(report.lostKeys()).isEmpty();
        assertThat(report.lostRevisions()).isEqualTo(3);
        assertThat(report.summary()).contains("LOST 3 revision(s)");
        assertRestored(2);
        joinBack(0, 1);
        try (Stream<Path> s = Files.list(etcd.cluster.dir())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("the survivor's data moved aside, not deleted")
                    .anyMatch(n -> n.startsWith("etcd-0-data.replaced-"));
        }
    }

    @Test
    void aRecoveryFailingAfterItStoppedTheApiServerStartsItAgainAndSaysWhatFailed() throws Exception {
        writeSnapshotAndLoseQuorum();
        Path manifests = Files.createDirectories(etcd.cluster.dir().resolve("manifests"));
        Path manifest = Files.writeString(manifests.resolve("kube-apiserver.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: kube-apiserver, namespace: kube-system}
                spec:
                  containers:
                  - name: kube-apiserver
                    image: registry.k8s.io/kube-apiserver:v1.34.4
                    command: [kube-apiserver, --etcd-servers=https://127.0.0.1:2379]
                """);
        LocalApiServer apiServer = LocalApiServer.staticPod(manifest, etcd.cluster.dir().resolve("parking"));
        LocalMember failing = new LocalMember() {
            @Override
            public void stop() {
                assertThat(manifest).as("the API server stopped before the member").doesNotExist();
                throw new IllegalStateException("the local member cannot be stopped");
            }

            @Override
            public void start(Map<String, String> flags) {
                throw new AssertionError("never started after a failed stop");
            }
        };

        assertThatThrownBy(() -> recovery(0, failing, apiServer).recover()).hasMessageContaining("cannot be stopped");

        assertThat(manifest).as("the API server's manifest back in the kubelet's folder").exists();
        assertThat(Files.readString(manifest)).contains(LocalApiServer.StaticPod.RESTARTED_AT)
                .contains("--etcd-servers=https://127.0.0.1:2379");
        assertThat(((LocalApiServer.StaticPod) apiServer).parked()).doesNotExist();
        assertThat(etcd.cluster.member(0).dataDir()).as("the local data untouched").isDirectory();
    }

    /** Records the recovery's calls and whether the restored member answered at each. */
    private final class ApiServerProbe implements LocalApiServer {
        private final int member;
        private final List<String> events = new CopyOnWriteArrayList<>();

        ApiServerProbe(int member) {
            this.member = member;
        }

        @Override
        public void stop() {
            events.add("stop (member answering: " + etcd.cluster.healthy(member) + ")");
        }

        @Override
        public void start() {
            events.add("start (member answering: " + etcd.cluster.healthy(member) + ")");
        }

        @Override
        public void restart() {
            events.add("restart (member answering: " + etcd.cluster.healthy(member) + ")");
        }
    }

    /** Keys, a snapshot, three writes after it, the mark; then members 1 and 2 destroyed, member 0 without quorum. */
    private void writeSnapshotAndLoseQuorum() throws Exception {
        etcd.startAll();
        checkpoints = Files.createDirectories(etcd.cluster.dir().resolve("checkpoints"));
        EtcdGateway client = etcd.gateway(1);
        for (int i = 0; i < 10; i++) {
            client.put("/selfheal/kept/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        EtcdSnapshotter snapshotter = new EtcdSnapshotter(new EtcdSnapshotSettings(etcd.cluster.member(0).clientUrl(),
                Duration.ofSeconds(10), 3, null, null, null), checkpoints, Clock.systemUTC());
        assertThat(snapshotter.snapshotIfChanged()).isPresent();
        client.put("/selfheal/late/a", "after the snapshot".getBytes(StandardCharsets.UTF_8));
        client.put("/selfheal/late/b", "after the snapshot".getBytes(StandardCharsets.UTF_8));
        client.put("/selfheal/kept/3", "changed after the snapshot".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            apiServers[i] = new ApiServerProbe(i);
            repairs[i] = new EtcdMemberRepair(etcd.settings(i), etcd.local(i), apiServers[i], Clock.systemUTC(),
                    new RevisionMark(checkpoints));
        }
        assertThat(repairs[0].runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);
        lastSeen = new RevisionMark(checkpoints).read().orElseThrow().revision();
        etcd.destroy(1);
        etcd.destroy(2);
        Await.until("member 0 to lose quorum", Duration.ofSeconds(30), () -> !etcd.cluster.healthy(0));
    }

    private EtcdQuorumRecovery recovery(int i) {
        return recovery(i, etcd.local(i), LocalApiServer.NONE);
    }

    private EtcdQuorumRecovery recovery(int i, LocalMember local, LocalApiServer apiServer) {
        return new EtcdQuorumRecovery(etcd.settings(i), local, apiServer, new EtcdQuorumRecovery.Options(
                EtcdCluster.etcdutlBinary(), EtcdCluster.etcdBinary(), checkpoints, 1_000_000), Clock.systemUTC());
    }

    private void assertRestored(int i) throws Exception {
        EtcdGateway restored = etcd.gateway(i);
        assertThat(restored.rangePrefix("/selfheal/kept/")).hasSize(10).anyMatch(kv -> kv.key().equals("/selfheal/kept/3")
                && new String(kv.value(), StandardCharsets.UTF_8).equals("v3"));
        assertThat(restored.rangePrefix("/selfheal/late/")).isEmpty();
        assertThat(restored.revision()).isGreaterThan(lastSeen);
    }

    private void joinBack(int... joiners) throws Exception {
        for (int i : joiners) {
            EtcdMemberRepair.Result joined = repairs[i].runOnce();
            assertThat(joined.decision()).as(joined.detail()).isInstanceOf(MemberRepairDecision.Join.class);
            assertThat(joined.repaired()).as(joined.detail()).isTrue();
        }
        List<EtcdGateway.Member> members = etcd.gateway(joiners[0]).members();
        assertThat(members).hasSize(3).allMatch(x -> x.started() && !x.learner());
        for (int i = 0; i < 3; i++) {
            assertThat(etcd.cluster.healthy(i)).as("member %d healthy", i).isTrue();
            assertThat(etcd.gateway(i).rangePrefix("/selfheal/kept/")).hasSize(10);
        }
    }
}
