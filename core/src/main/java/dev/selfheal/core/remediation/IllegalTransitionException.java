package dev.selfheal.core.remediation;

/** A remediation was asked to move between states the transition table does not connect. */
public class IllegalTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param from the current state
     * @param to the requested state
     */
    public IllegalTransitionException(RemediationState from, RemediationState to) {
        super("illegal remediation transition " + from + " -> " + to);
    }
}
