package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.etcd.MemberObservation.ClusterView;
import dev.selfheal.agent.internal.EtcdGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberRepairPolicyTest {

    private static final String ME = "https://10.0.0.1:2380";
    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final EtcdGateway.Member A = member("1", "etcd-a", ME);
    private static final EtcdGateway.Member B = member("2", "etcd-b", "https://10.0.0.2:2380");
    private static final EtcdGateway.Member C = member("3", "etcd-c", "https://10.0.0.3:2380");
    private static final EtcdGateway.Status OWN = new EtcdGateway.Status("1", "99", 10);

    private final MemberRepairPolicy policy = new MemberRepairPolicy(ME, Duration.ofMinutes(2));

    @Test
    void aHealthyMemberKnownByItsIdIsLeftAlone() {
        assertThat(policy.decide(obs(true, OWN, true, null, view(Set.of("1", "2", "3"), A, B, C)), NOW))
                .isInstanceOf(MemberRepairDecision.Healthy.class);
    }

    @Test
    void lostDataWithTwoHealthyPeersIsReplaced() {
        MemberRepairDecision d = policy.decide(obs(false, null, false, NOW, view(Set.of("2", "3"), A, B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(((MemberRepairDecision.Replace) d).old()).isEqualTo(A);
        assertThat(d.reason()).contains("data is gone");
    }

    @Test
    void noReplacementWhenThePeersWouldLoseQuorum() {
        MemberRepairDecision d = policy.decide(obs(false, null, false, NOW, view(Set.of("2"), A, B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(d.reason()).contains("only 1 of 3", "lose quorum");
    }

    @Test
    void noHealthyPeerMeansNoRepairAtAll() {
        MemberRepairDecision d = policy.decide(obs(false, null, false, NOW, null), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(d.reason()).contains("lacks quorum");
    }

    @Test
    void aMemberAnsweringWithAForeignIdIsReplacedEvenWhenHealthy() {
        EtcdGateway.Status foreign = new EtcdGateway.Status("77", "99", 3);
        MemberRepairDecision d = policy.decide(obs(true, foreign, true, null, view(Set.of("2", "3"), A, B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(d.reason()).contains("answers as member 77");
    }

    @Test
    void aMemberOfAnotherClusterIsReplaced() {
        EtcdGateway.Status other = new EtcdGateway.Status("1", "42", 3);
        assertThat(policy.decide(obs(true, other, true, null, view(Set.of("2", "3"), A, B, C)), NOW).reason())
                .contains("serves cluster 42");
    }

    @Test
    void aMemberDownWithItsDataWaitsThenIsTakenAsCorrupt() {
        Instant since = NOW.minusSeconds(60);
        MemberRepairDecision early = policy.decide(obs(false, null, true, since, view(Set.of("2", "3"), A, B, C)), NOW);
        assertThat(early).isInstanceOf(MemberRepairDecision.Wait.class);
        assertThat(((MemberRepairDecision.Wait) early).until()).isEqualTo(since.plus(Duration.ofMinutes(2)));
        MemberRepairDecision late = policy.decide(obs(false, null, true, since, view(Set.of("2", "3"), A, B, C)), NOW.plusSeconds(60));
        assertThat(late).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(late.reason()).contains("taken as corrupt");
    }

    @Test
    void repairAfterZeroNeverReplacesOnDowntimeAlone() {
        MemberRepairPolicy onEvidence = new MemberRepairPolicy(ME, Duration.ZERO);
        assertThat(onEvidence.decide(obs(false, null, true, NOW.minusSeconds(86_400), view(Set.of("2", "3"), A, B, C)), NOW))
                .isInstanceOf(MemberRepairDecision.Wait.class);
    }

    @Test
    void aMemberMissingFromTheClusterJoinsOnlyWhenEveryMemberIsHealthy() {
        assertThat(policy.decide(obs(false, null, false, NOW, view(Set.of("2", "3"), B, C)), NOW))
                .isInstanceOf(MemberRepairDecision.Join.class);
        MemberRepairDecision d = policy.decide(obs(false, null, false, NOW, view(Set.of("2"), B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(d.reason()).contains("1 of its 2 members are not healthy");
    }

    @Test
    void aHealthyMemberOfAnotherClusterIsNeverWiped() {
        EtcdGateway.Status other = new EtcdGateway.Status("5", "42", 3);
        MemberRepairDecision d = policy.decide(obs(true, other, true, null, view(Set.of("2", "3"), B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(d.reason()).contains("never wiped");
    }

    @Test
    void anAddedMemberNeverStartedIsResumed() {
        EtcdGateway.Member added = member("9", "", ME);
        MemberRepairDecision d = policy.decide(obs(false, null, false, NOW, view(Set.of("2", "3"), added, B, C)), NOW);
        assertThat(d).isInstanceOf(MemberRepairDecision.Resume.class);
        assertThat(((MemberRepairDecision.Resume) d).added()).isEqualTo(added);
    }

    @Test
    void noReplacementWhileAnotherMemberIsBeingAdded() {
        EtcdGateway.Member pending = member("8", "", "https://10.0.0.4:2380");
        assertThat(policy.decide(obs(false, null, false, NOW, view(Set.of("2", "3"), A, B, C, pending)), NOW))
                .isInstanceOf(MemberRepairDecision.Refuse.class);
    }

    @Test
    void onlyReplaceJoinAndResumeAct() {
        assertThat(new MemberRepairDecision.Replace(A, "x").acts()).isTrue();
        assertThat(new MemberRepairDecision.Join("x").acts()).isTrue();
        assertThat(new MemberRepairDecision.Refuse("x").acts()).isFalse();
        assertThat(new MemberRepairDecision.Wait("x", null).acts()).isFalse();
        assertThat(new MemberRepairDecision.Healthy("x").acts()).isFalse();
    }

    private static MemberObservation obs(boolean healthy, EtcdGateway.Status status, boolean intact, Instant downSince,
                                         ClusterView view) {
        return new MemberObservation(healthy, Optional.ofNullable(status), intact, downSince, Optional.ofNullable(view));
    }

    private static ClusterView view(Set<String> healthy, EtcdGateway.Member... members) {
        return new ClusterView("99", List.of(members), healthy, "https://10.0.0.2:2379");
    }

    private static EtcdGateway.Member member(String id, String name, String peer) {
        return new EtcdGateway.Member(id, name, List.of(peer), name.isEmpty() ? List.of() : List.of(peer.replace("2380", "2379")));
    }
}
