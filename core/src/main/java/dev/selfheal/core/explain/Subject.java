package dev.selfheal.core.explain;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.spi.Capability;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an explanation is drawn from: facts already gathered (the healer's judging, the provider's last answers), so
 * explaining does no I/O.
 *
 * @param node the node
 * @param snapshot the cluster the verdicts were judged on
 * @param now the time of judging
 * @param verdicts every check's verdict about the node
 * @param diagnosis the diagnosis drawn from them, if any
 * @param gateInput what the gates would decide on, when the node is diagnosed and has no remediation in progress
 * @param remediation the node's remediation in progress, if any
 * @param machine the node's machine, when a provider claims it and it is known
 * @param capabilities what its provider can do for it (empty when unknown)
 * @param agentAlive whether the node's agent heartbeats
 */
public record Subject(NodeView node, ClusterSnapshot snapshot, Instant now, List<Verdict> verdicts,
                      Optional<Diagnosis> diagnosis, Optional<GateInput> gateInput, Optional<Remediation> remediation,
                      Optional<Machine> machine, Set<Capability> capabilities, boolean agentAlive) {

    /** Validates and copies. */
    public Subject {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(now, "now");
        verdicts = List.copyOf(verdicts);
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(gateInput, "gateInput");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(machine, "machine");
        capabilities = Set.copyOf(capabilities);
    }
}
