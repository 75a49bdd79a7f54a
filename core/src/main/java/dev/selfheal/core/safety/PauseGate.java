package dev.selfheal.core.safety;

import java.util.function.BooleanSupplier;

/** Stops everything while Selfheal is paused (configuration, or at run time through the API). */
public final class PauseGate implements Gate {

    private final BooleanSupplier paused;

    /** @param paused whether Selfheal is paused now */
    public PauseGate(BooleanSupplier paused) {
        this.paused = paused;
    }

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        return paused.getAsBoolean() ? GateDecision.deny(name(), "Selfheal is paused") : GateDecision.allow(name());
    }
}
