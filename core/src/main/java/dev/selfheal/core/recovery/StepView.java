package dev.selfheal.core.recovery;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.spi.Capability;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a step sees when the engine asks whether it {@link RecoveryStep#applies applies} and whether it
 * {@link RecoveryStep#verify worked}: facts only, gathered off the decision thread beforehand (the snapshot, the
 * machine's resolution and capabilities, the provider's last answer about it). It offers no way to call a
 * provider or the API server.
 *
 * @param remediation the remediation being advanced
 * @param snapshot the cluster as last seen
 * @param now the current time
 * @param healthy whether the node is judged healthy now (no unhealthy verdict)
 * @param agentAlive whether the node's agent heartbeats
 * @param machine the node's machine, when a provider claims it
 * @param capabilities what the machine's provider can do for it (empty without a machine)
 * @param settings recovery settings
 */
public record StepView(Remediation remediation, ClusterSnapshot snapshot, Instant now, boolean healthy,
                       boolean agentAlive, Optional<Machine> machine, Set<Capability> capabilities,
                       RecoverySettings settings) {

    /** Copies the capabilities. */
    public StepView {
        capabilities = Set.copyOf(capabilities);
    }

    /** The node, unless it was deleted. */
    public Optional<NodeView> node() {
        return snapshot.node(remediation.node());
    }

    /** Whether the node exists, is Ready and judged healthy. */
    public boolean nodeHealthy() {
        return healthy && node().map(NodeView::isReady).orElse(false);
    }

    /** Whether the node's machine is known and its provider offers the capability for it. */
    public boolean supports(Capability capability) {
        return machine.isPresent() && capabilities.contains(capability);
    }

    /** The provider's last answer about the machine, if it was asked. */
    public Optional<MachineView> machineView() {
        return snapshot.machine(remediation.node());
    }

    /** Whether the provider's last answer says the machine no longer exists ({@link dev.selfheal.spi.PowerState#GONE}). */
    public boolean machineGone() {
        return machineView().filter(MachineView::answered).map(m -> m.power() == dev.selfheal.spi.PowerState.GONE)
                .orElse(false);
    }

    /** The same view of another record (the engine's copy after a change). */
    public StepView with(Remediation r) {
        return new StepView(r, snapshot, now, healthy, agentAlive, machine, capabilities, settings);
    }
}
