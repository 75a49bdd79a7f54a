package dev.selfheal.core.safety;

/**
 * A gate's answer.
 *
 * @param allowed whether the remediation may go on
 * @param gate the gate that answered
 * @param reason why not (or "ok"), for an Event and the log
 */
public record GateDecision(boolean allowed, String gate, String reason) {

    /** Allowed. */
    public static GateDecision allow(String gate) {
        return new GateDecision(true, gate, "ok");
    }

    /** Denied, with the reason. */
    public static GateDecision deny(String gate, String reason) {
        return new GateDecision(false, gate, reason);
    }
}
