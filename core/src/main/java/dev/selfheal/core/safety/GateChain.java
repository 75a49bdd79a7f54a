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

    /** The gates. */
    public List<Gate> gates() {
        return gates;
    }
}
