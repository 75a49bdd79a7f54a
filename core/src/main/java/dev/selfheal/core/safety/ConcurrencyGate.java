package dev.selfheal.core.safety;

/** Limits how many remediations run at once. */
public final class ConcurrencyGate implements Gate {

    private final int max;

    /** @param max remediations allowed at once */
    public ConcurrencyGate(int max) {
        this.max = max;
    }

    @Override
    public String name() {
        return "concurrency";
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        int running = input.active().size();
        return running >= max ? GateDecision.deny(name(), running + " remediation(s) already running; the limit is " + max)
                : GateDecision.allow(name());
    }
}
