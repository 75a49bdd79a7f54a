package dev.selfheal.core.engine;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Builds what a step sees from the snapshot, the judgement and the facts gathered about the machine. */
final class StepViews {

    private final RecoverySettings settings;

    StepViews(RecoverySettings settings) {
        this.settings = settings;
    }

    StepView of(Remediation r, Judgement j, ClusterSnapshot snapshot, Optional<MachineFacts> facts, Instant now) {
        boolean healthy = j != null && j.healthy();
        return new StepView(r, snapshot, now, healthy, agentAlive(snapshot, r.node(), now), facts.flatMap(MachineFacts::machine),
                facts.map(MachineFacts::capabilities).orElse(Set.of()), settings);
    }

    /** Whether the node's agent Lease is within its duration at {@code now}. */
    static boolean agentAlive(ClusterSnapshot snapshot, String node, Instant now) {
        return snapshot.agentLease(node).map(l -> l.renewTime() != null && l.duration() != null
                && now.isBefore(l.renewTime().plus(l.duration()))).orElse(false);
    }
}
