package dev.selfheal.agent.probe;


/**
 * The outcome of one health probe.
 *
 * @param healthy whether the component answered as healthy
 * @param detail what was seen, for logs and condition messages
 */
public record ProbeResult(boolean healthy, String detail) {

    /** Healthy. */
    public static ProbeResult ok(String detail) {
        return new ProbeResult(true, detail);
    }

    /** Unhealthy. */
    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
