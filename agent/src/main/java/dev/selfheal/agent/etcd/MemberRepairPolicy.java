package dev.selfheal.agent.etcd;

import dev.selfheal.agent.etcd.MemberObservation.ClusterView;
import dev.selfheal.agent.internal.EtcdGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from one {@link MemberObservation} and the time, whether the local etcd member is to be repaired and
 * how; a pure function, no I/O. The rules:
 * <ul>
 *   <li>a healthy member that the cluster knows by the same id is left alone;</li>
 *   <li>with no healthy peer, nothing is done: the cluster lacks quorum without the local member (that is
 *       {@code recover}'s case, never a member repair);</li>
 *   <li>a replacement needs a majority of the current members healthy without the local one, and no other
 *       membership change under way (a member added and not started);</li>
 *   <li>a join needs every listed member healthy (etcd's own strict reconfiguration check);</li>
 *   <li>evidence of lost data: the data directory has no WAL or database, or the local member answers with a
 *       member or cluster id that is not the cluster's; a member down with its data in place is replaced only
 *       after {@code repairAfter} (zero: never on that ground);</li>
 *   <li>a healthy local member of another cluster is never wiped.</li>
 * </ul>
 */
public final class MemberRepairPolicy {

    private final String peerUrl;
    private final Duration repairAfter;

    /**
     * @param peerUrl the local member's advertised peer URL
     * @param repairAfter how long a member down with its data in place waits before it is replaced (zero: never)
     */
    public MemberRepairPolicy(String peerUrl, Duration repairAfter) {
        this.peerUrl = peerUrl;
        this.repairAfter = repairAfter;
    }

    /** The decision for this observation at {@code now}. */
    public MemberRepairDecision decide(MemberObservation o, Instant now) {
        if (o.cluster().isEmpty()) {
            return o.localHealthy()
                    ? new MemberRepairDecision.Healthy("local member healthy; no peer answered")
                    : new MemberRepairDecision.Refuse("no healthy peer answered: the cluster lacks quorum without the"
                            + " local member; a member repair cannot help (recover from a snapshot is the way)");
        }
        ClusterView c = o.cluster().get();
        Optional<EtcdGateway.Member> listed = c.byPeerUrl(peerUrl);
        if (listed.isEmpty()) {
            return join(o, c);
        }
        EtcdGateway.Member me = listed.get();
        if (!me.started()) {
            return otherChangePending(c, me) ? new MemberRepairDecision.Refuse("another member was added and never started")
                    : new MemberRepairDecision.Resume(me, "member " + me.hexId() + " was added and never started");
        }
        String mismatch = mismatch(o, c, me);
        if (mismatch == null && o.localHealthy()) {
            return new MemberRepairDecision.Healthy("member " + me.hexId() + " healthy");
        }
        String evidence = mismatch != null ? mismatch : evidence(o, now);
        if (evidence == null) {
            Instant until = repairAfter.isZero() || o.localDownSince() == null ? null : o.localDownSince().plus(repairAfter);
            return new MemberRepairDecision.Wait("local member not healthy, its data in place", until);
        }
        return replace(c, me, evidence);
    }

    private MemberRepairDecision replace(ClusterView c, EtcdGateway.Member me, String evidence) {
        long healthyOthers = c.members().stream().filter(m -> !m.id().equals(me.id()) && c.healthyIds().contains(m.id())).count();
        int majority = c.members().size() / 2 + 1;
        if (healthyOthers < majority) {
            return new MemberRepairDecision.Refuse(evidence + "; but only " + healthyOthers + " of " + c.members().size()
                    + " members are healthy without it (" + majority + " needed): removing it would lose quorum");
        }
        if (otherChangePending(c, me)) {
            return new MemberRepairDecision.Refuse(evidence + "; but another member was added and never started");
        }
        return new MemberRepairDecision.Replace(me, evidence);
    }

    private MemberRepairDecision join(MemberObservation o, ClusterView c) {
        if (o.localHealthy() && o.localDataIntact()) {
            return new MemberRepairDecision.Refuse("the local member is healthy but not in the cluster seen through "
                    + c.via() + " (it serves cluster " + o.localStatus().map(EtcdGateway.Status::clusterId).orElse("?")
                    + ", the peers " + c.clusterId() + "): its data is never wiped automatically");
        }
        long unhealthy = c.members().stream().filter(m -> !c.healthyIds().contains(m.id())).count();
        if (unhealthy > 0) {
            return new MemberRepairDecision.Refuse("the local member is not in the cluster, and " + unhealthy
                    + " of its " + c.members().size() + " members are not healthy: adding one now could lose quorum");
        }
        return new MemberRepairDecision.Join("the local member is not in the cluster of " + c.members().size()
                + " seen through " + c.via());
    }

    private static String mismatch(MemberObservation o, ClusterView c, EtcdGateway.Member me) {
        if (o.localStatus().isEmpty()) {
            return null;
        }
        EtcdGateway.Status s = o.localStatus().get();
        if (!s.clusterId().equals(c.clusterId())) {
            return "the local member serves cluster " + s.clusterId() + ", its peers " + c.clusterId();
        }
        if (!s.memberId().equals(me.id())) {
            return "the local member answers as member " + s.memberId() + ", the cluster knows it as " + me.id();
        }
        return null;
    }

    private String evidence(MemberObservation o, Instant now) {
        if (!o.localDataIntact()) {
            return "the local member's data is gone (no WAL or no database in its data directory)";
        }
        if (!repairAfter.isZero() && o.localDownSince() != null && !now.isBefore(o.localDownSince().plus(repairAfter))) {
            return "the local member has been down since " + o.localDownSince() + " with its data in place: taken as corrupt";
        }
        return null;
    }

    private static boolean otherChangePending(ClusterView c, EtcdGateway.Member me) {
        return c.members().stream().anyMatch(m -> !m.id().equals(me.id()) && !m.started());
    }
}
