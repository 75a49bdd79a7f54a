package dev.selfheal.core.safety;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.Optional;

/**
 * What step gates decide on.
 *
 * @param remediation the remediation, its step about to act
 * @param step the step's name, such as {@code reboot}
 * @param destructive whether the step is destructive
 * @param snapshot the cluster as last seen
 * @param agentAlive whether the node's agent heartbeats
 * @param now the current time
 */
public record StepGateInput(Remediation remediation, String step, boolean destructive, ClusterSnapshot snapshot,
                            boolean agentAlive, Instant now) {

    /** The node, unless it was deleted. */
    public Optional<NodeView> node() {
        return snapshot.node(remediation.node());
    }

    /** When the node first became unhealthy in this failure. */
    public Instant unhealthySince() {
        return remediation.unhealthySince() != null ? remediation.unhealthySince() : remediation.startedAt();
    }
}
