package dev.selfheal.core.recovery;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.Optional;

/**
 * What a step sees and uses.
 *
 * @param remediation the remediation being advanced
 * @param snapshot the cluster as last seen
 * @param now the current time
 * @param healthy whether the node is judged healthy now (no unhealthy verdict)
 * @param agentAlive whether the node's agent heartbeats
 * @param machine the node's machine, when a provider claims it
 * @param gateway provider access
 * @param cluster Kubernetes actions
 * @param settings recovery settings
 */
public record StepContext(Remediation remediation, ClusterSnapshot snapshot, Instant now, boolean healthy,
                          boolean agentAlive, Optional<Machine> machine, ProviderGateway gateway,
                          ClusterOperations cluster, RecoverySettings settings) {

    /** The node, unless it was deleted. */
    public Optional<NodeView> node() {
        return snapshot.node(remediation.node());
    }

    /** Whether the node exists, is Ready and judged healthy. */
    public boolean nodeHealthy() {
        return healthy && node().map(NodeView::isReady).orElse(false);
    }
}
