package dev.selfheal.core.recovery;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.provider.Machine;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.remediation.Remediation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a step uses when it {@link RecoveryStep#act acts}, off the decision thread: the facts it was decided on,
 * and the guarded ways to act on the infrastructure and the cluster.
 *
 * @param view the facts the decision was taken on
 * @param gateway provider access (time limits, retries, breaker, bulkhead, leader guard)
 * @param cluster Kubernetes actions (leader guard on every write)
 * @param limit the time left for the action: the step's time limit
 */
public record StepContext(StepView view, ProviderGateway gateway, ClusterOperations cluster, Duration limit) {

    /** The remediation being advanced. */
    public Remediation remediation() {
        return view.remediation();
    }

    /** The cluster as last seen. */
    public ClusterSnapshot snapshot() {
        return view.snapshot();
    }

    /** When the action was decided. */
    public Instant now() {
        return view.now();
    }

    /** The node's machine, when a provider claims it. */
    public Optional<Machine> machine() {
        return view.machine();
    }

    /** The node, unless it was deleted. */
    public Optional<NodeView> node() {
        return view.node();
    }

    /** Recovery settings. */
    public RecoverySettings settings() {
        return view.settings();
    }
}
