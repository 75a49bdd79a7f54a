package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.EtcdGateway;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent saw of its etcd member and the cluster in one round: the input of {@link MemberRepairPolicy}.
 *
 * @param localHealthy whether the local member answers {@code /health} with health true
 * @param localStatus what the local member says of itself (member and cluster id), when it answers at all
 * @param localDataIntact whether the data directory holds a WAL and a database ({@code member/wal/*.wal},
 *                        {@code member/snap/db})
 * @param localDownSince since when the local member has not been healthy, or null when it is
 * @param cluster the cluster as a healthy peer sees it, or empty when no peer answered healthy
 */
public record MemberObservation(boolean localHealthy, Optional<EtcdGateway.Status> localStatus, boolean localDataIntact,
                                Instant localDownSince, Optional<ClusterView> cluster) {

    /**
     * The cluster as a healthy peer sees it.
     *
     * @param clusterId the cluster id
     * @param members its members
     * @param healthyIds the ids of the members that answered {@code /health} with health true
     * @param via the client URL of the peer that answered
     */
    public record ClusterView(String clusterId, List<EtcdGateway.Member> members, Set<String> healthyIds, String via) {
        /** Copies. */
        public ClusterView {
            members = List.copyOf(members);
            healthyIds = Set.copyOf(healthyIds);
        }

        /** The member whose peer URLs include {@code peerUrl}. */
        public Optional<EtcdGateway.Member> byPeerUrl(String peerUrl) {
            return members.stream().filter(m -> m.peerUrls().contains(peerUrl)).findFirst();
        }
    }
}
