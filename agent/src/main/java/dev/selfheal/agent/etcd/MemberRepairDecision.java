package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.EtcdGateway;
import java.time.Instant;

/** What {@link MemberRepairPolicy} decided for the local etcd member; every decision says why. */
public sealed interface MemberRepairDecision {

    /** Why, for logs and the result. */
    String reason();

    /** Whether the decision changes the cluster or the member. */
    default boolean acts() {
        return this instanceof Replace || this instanceof Join || this instanceof Resume;
    }

    /** The member is healthy and is who the cluster thinks it is. */
    record Healthy(String reason) implements MemberRepairDecision {
    }

    /** Nothing yet; look again at {@code until} (or next round when null). */
    record Wait(String reason, Instant until) implements MemberRepairDecision {
    }

    /** A repair would be unsafe (no quorum without the local member, a membership change under way). */
    record Refuse(String reason) implements MemberRepairDecision {
    }

    /** Remove {@code old} from the cluster, clear the data, add the member anew and start it. */
    record Replace(EtcdGateway.Member old, String reason) implements MemberRepairDecision {
    }

    /** The member is not in the cluster: clear the data, add it and start it. */
    record Join(String reason) implements MemberRepairDecision {
    }

    /** The member was added but never started ({@code added}): clear the data and start it. */
    record Resume(EtcdGateway.Member added, String reason) implements MemberRepairDecision {
    }
}
