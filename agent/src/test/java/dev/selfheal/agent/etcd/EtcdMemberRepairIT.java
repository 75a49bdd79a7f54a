package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A three-member cluster of real etcd processes run by the agent's process runtime. Member 0's data directory
 * is destroyed: the repair replaces it through a healthy peer, and the cluster is back to three healthy members
 * with every key written before (and during) the failure readable from the repaired member.
 */
class EtcdMemberRepairIT {

    private final AgentRunMembers etcd = new AgentRunMembers(3);

    @AfterEach
    void stop() {
        etcd.close();
    }

    @Test
    void aMemberWhoseDataIsDestroyedIsReplacedAndHoldsEveryKey() throws Exception {
        etcd.startAll();
        EtcdGateway peer = etcd.gateway(1);
        for (int i = 0; i < 20; i++) {
            peer.put("/selfheal/before/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        String oldId = etcd.gateway(0).status().memberId();
        AtomicReference<EtcdMemberRepair.Result> concurrent = new AtomicReference<>();
        AtomicReference<EtcdMemberRepair> repairRef = new AtomicReference<>();
        EtcdMemberRepair repair = new EtcdMemberRepair(etcd.settings(0), tryingAgainOnStop(repairRef, concurrent),
                Clock.systemUTC(), null);
        repairRef.set(repair);
        assertThat(repair.runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);

        etcd.destroy(0);
        etcd.runtime(0).start();
        peer.put("/selfheal/during", "while member 0 was broken".getBytes(StandardCharsets.UTF_8));

        long t0 = System.nanoTime();
        EtcdMemberRepair.Result result = repair.runOnce();
        System.out.println("[agent-bench] etcd member data destroyed -> replaced and healthy (one repair round): "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");

        assertThat(result.decision()).as(result.detail()).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(result.repaired()).as(result.detail()).isTrue();
        assertThat(concurrent.get().detail()).as("a second repair while one runs").isEqualTo("busy");
        List<EtcdGateway.Member> members = peer.members();
        assertThat(members).hasSize(3).allMatch(x -> x.started() && !x.learner());
        for (int i = 0; i < 3; i++) {
            assertThat(etcd.cluster.healthy(i)).as("member %d healthy", i).isTrue();
        }
        EtcdGateway repaired = etcd.gateway(0);
        assertThat(repaired.status().memberId()).isNotEqualTo(oldId);
        List<EtcdGateway.KeyValue> read = repaired.rangePrefix("/selfheal/");
        assertThat(read).hasSize(21);
        assertThat(read).anyMatch(kv -> kv.key().equals("/selfheal/before/7") && new String(kv.value(), StandardCharsets.UTF_8).equals("v7"));
        assertThat(Files.readString(etcd.manifest(0))).contains("--initial-cluster-state=existing");
        assertThat(repair.runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);
    }

    /** Member 0, whose stop first tries a second repair (while the first one runs) and keeps its result. */
    private LocalMember tryingAgainOnStop(AtomicReference<EtcdMemberRepair> repair,
                                          AtomicReference<EtcdMemberRepair.Result> second) {
        return new LocalMember() {
            @Override
            public void stop() {
                second.set(repair.get().runOnce());
                etcd.local(0).stop();
            }

            @Override
            public void start(Map<String, String> flags) {
                etcd.local(0).start(flags);
            }
        };
    }

    @Test
    void noRepairWhenThePeersLackQuorum() throws Exception {
        etcd.startAll();
        etcd.runtime(2).stop();
        etcd.destroy(0);
        EtcdMemberRepair repair = new EtcdMemberRepair(etcd.settings(0), etcd.local(0), Clock.systemUTC(), null);

        EtcdMemberRepair.Result result = repair.runOnce();

        assertThat(result.decision()).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(result.detail()).contains("quorum");
        assertThat(etcd.gateway(1).members()).hasSize(3);
    }

    @Test
    void aLearnerLeftUnpromotedByAnInterruptedRoundIsPromotedByTheNextRound() throws Exception {
        etcd.startAll();
        etcd.destroy(0);
        etcd.runtime(0).start();
        EtcdMemberRepair repair = new EtcdMemberRepair(etcd.settings(0), new LocalMember() {
            @Override
            public void stop() {
                etcd.local(0).stop();
            }

            @Override
            public void start(Map<String, String> flags) {
                etcd.local(0).start(flags);
                throw new IllegalStateException("the round is cut short right after the start");
            }
        }, Clock.systemUTC(), null);
        EtcdGateway peer = etcd.gateway(1);

        EtcdMemberRepair.Result first = repair.runOnce();
        assertThat(first.repaired()).as(first.detail()).isFalse();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (peer.members().stream().noneMatch(m -> m.learner() && m.started()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(peer.members()).as("a started learner left by the first round").anyMatch(m -> m.learner() && m.started());

        EtcdMemberRepair.Result second = repair.runOnce();

        assertThat(second.repaired()).as(second.detail()).isTrue();
        assertThat(second.decision()).isInstanceOf(MemberRepairDecision.Resume.class);
        assertThat(peer.members()).hasSize(3).allMatch(x -> x.started() && !x.learner());
        assertThat(repair.runOnce().decision()).isInstanceOf(MemberRepairDecision.Healthy.class);
    }
}
