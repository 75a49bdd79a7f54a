package dev.selfheal.core.safety;

import java.util.List;

/** Asks step gates in order; the first answer other than {@link StepGateDecision.Kind#ACT} wins. */
public final class StepGateChain {

    /** No step gates: every step acts. */
    public static final StepGateChain NONE = new StepGateChain(List.of());

    private final List<StepGate> gates;

    /** @param gates the gates, in order */
    public StepGateChain(List<StepGate> gates) {
        this.gates = List.copyOf(gates);
    }

    /** The first hold or pass-by, or an act. */
    public StepGateDecision evaluate(StepGateInput input) {
        for (StepGate g : gates) {
            StepGateDecision d = g.evaluate(input);
            if (!d.acts()) {
                return d;
            }
        }
        return StepGateDecision.act("all");
    }

    /** The gates. */
    public List<StepGate> gates() {
        return gates;
    }
}
