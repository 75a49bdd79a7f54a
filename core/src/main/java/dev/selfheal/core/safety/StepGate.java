package dev.selfheal.core.safety;

/**
 * A rule asked before each step of a ladder acts (where a {@link Gate} is asked once, before a remediation starts).
 * Step gates do not act; they answer with a {@link StepGateDecision}: act, hold the step, or pass it by.
 */
public interface StepGate {

    /** The gate's name, in Events and logs. */
    String name();

    /** Whether the step may act now. */
    StepGateDecision evaluate(StepGateInput input);
}
