package dev.selfheal.core.safety;

import java.util.List;

/** Evaluates gates in order; the first denial wins. */
public final class GateChain {

    private final List<Gate> gates;

    /** @param gates the gates, cheapest and most general first */
    public GateChain(List<Gate> gates) {
        this.gates = List.copyOf(gates);
    }

    /** The first denial, or an allowance. */
    public GateDecision evaluate(GateInput input) {
        for (Gate g : gates) {
            GateDecision d = g.evaluate(input);
            if (!d.allowed()) {
                return d;
            }
        }
        return GateDecision.allow("all");
    }

    /**
     * Every gate's decision, in order, without stopping at the first denial (for explanations; the first denial among
     * them is what {@link #evaluate} answers).
     */
    public List<GateDecision> evaluateAll(GateInput input) {
        return gates.stream().map(g -> g.evaluate(input)).toList();
    }

    /** The gates. */
    public List<Gate> gates() {
        return gates;
    }
}
