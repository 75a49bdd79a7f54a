package dev.selfheal.core.safety;

/**
 * A node whose machine reference its provider refuses (a malformed providerID, a machine in no known form) is
 * not remediated at all: no step could be aimed at the right machine. The denial names the reference and the
 * provider's reason; other nodes are not affected.
 */
public final class MachineReferenceGate implements Gate {

    @Override
    public String name() {
        return "machine-reference";
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        return input.machineRefused().map(why -> GateDecision.deny(name(), "the machine of node " + input.node().name()
                + " (providerID '" + input.node().providerId() + "') cannot be resolved: " + why + "; not acting on it"))
                .orElseGet(() -> GateDecision.allow(name()));
    }
}
