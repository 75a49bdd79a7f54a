package dev.selfheal.core.safety;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What gates decide on.
 *
 * @param node the node to remediate
 * @param diagnosis its diagnosis
 * @param snapshot the cluster
 * @param unhealthyNodes how many nodes are diagnosed unhealthy right now (node-level failure classes)
 * @param active remediations in progress (not final), this node's excluded
 * @param previous the node's last remediation record, if any (final)
 * @param now the current time
 * @param machineRefused why the node's machine reference was refused by its provider, if it was
 * @param domains the nodes and unhealthy nodes per failure domain, when failure domains are configured
 */
public record GateInput(NodeView node, Diagnosis diagnosis, ClusterSnapshot snapshot, int unhealthyNodes,
                        Collection<Remediation> active, Optional<Remediation> previous, Instant now,
                        Optional<String> machineRefused, DomainCounts domains) {

    /** An input without failure domains. */
    public GateInput(NodeView node, Diagnosis diagnosis, ClusterSnapshot snapshot, int unhealthyNodes,
                     Collection<Remediation> active, Optional<Remediation> previous, Instant now,
                     Optional<String> machineRefused) {
        this(node, diagnosis, snapshot, unhealthyNodes, active, previous, now, machineRefused, DomainCounts.NONE);
    }

    /** An input for a node whose machine reference was not refused. */
    public GateInput(NodeView node, Diagnosis diagnosis, ClusterSnapshot snapshot, int unhealthyNodes,
                     Collection<Remediation> active, Optional<Remediation> previous, Instant now) {
        this(node, diagnosis, snapshot, unhealthyNodes, active, previous, now, Optional.empty());
    }
}
