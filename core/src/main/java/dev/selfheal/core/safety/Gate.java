package dev.selfheal.core.safety;

/** A check that must pass before a remediation starts. Gates do not act; they only answer. */
public interface Gate {

    /** The gate's name, in Events and logs. */
    String name();

    /** Whether the remediation may start. */
    GateDecision evaluate(GateInput input);
}
