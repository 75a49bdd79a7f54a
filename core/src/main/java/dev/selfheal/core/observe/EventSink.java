package dev.selfheal.core.observe;

/** Where the healer reports decisions and steps about a node (Kubernetes Events on the Node by default). */
@FunctionalInterface
public interface EventSink {

    /**
     * Records an event. Must not throw.
     *
     * @param node the node it is about
     * @param reason a CamelCase reason such as {@code FenceSucceeded}
     * @param message a human message, free of secrets
     * @param warning whether it is a warning
     */
    void record(String node, String reason, String message, boolean warning);
}
