package dev.selfheal.core.engine;

import dev.selfheal.core.provider.Machine;
import dev.selfheal.spi.Capability;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the providers said about a node's machine, gathered off the decision thread: which machine it is and what
 * its provider can do for it, or why that is not known.
 *
 * @param providerId the node's providerID the facts are about (a changed providerID makes them stale)
 * @param machine the machine, when a provider claims the node
 * @param capabilities what the provider can do for the machine
 * @param refused why the node's machine reference was refused for good (such as a malformed providerID), or null
 * @param transientError why the facts are incomplete for now (a read timed out), or null
 * @param at when they were gathered
 */
record MachineFacts(String providerId, Optional<Machine> machine, Set<Capability> capabilities, String refused,
                    String transientError, Instant at) {

    MachineFacts {
        capabilities = Set.copyOf(capabilities);
    }

    static MachineFacts known(String providerId, Optional<Machine> machine, Set<Capability> capabilities, Instant at) {
        return new MachineFacts(providerId, machine, capabilities, null, null, at);
    }

    static MachineFacts refused(String providerId, String why, Instant at) {
        return new MachineFacts(providerId, Optional.empty(), Set.of(), why, null, at);
    }

    static MachineFacts incomplete(String providerId, Optional<Machine> machine, String why, Instant at) {
        return new MachineFacts(providerId, machine, Set.of(), null, why, at);
    }

    /** Whether the machine and its capabilities are known (possibly: no provider claims the node). */
    boolean complete() {
        return refused == null && transientError == null;
    }

    /**
     * Whether a remediation of this failure class waits for the facts: every node-level one when a provider is
     * configured; a pod-level one never (its steps act on pods, not on the machine).
     */
    static boolean needed(dev.selfheal.core.diagnosis.FailureClass failureClass, boolean providers) {
        return providers && failureClass.layer() != dev.selfheal.core.health.Layer.PODS;
    }

    /** Whether these facts are about this providerID. */
    boolean about(String id) {
        return java.util.Objects.equals(providerId, id);
    }
}
