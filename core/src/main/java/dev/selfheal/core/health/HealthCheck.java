package dev.selfheal.core.health;

import java.time.Instant;

/**
 * Judges one aspect of a node's health. A pure function of (node, snapshot, now): no I/O, no side effects,
 * no clock of its own, so it can be tested with a fixed {@code now} and run for thousands of nodes per second.
 * Custom checks are registered programmatically or through {@link java.util.ServiceLoader} (see
 * {@link HealthCheckFactory}).
 */
public interface HealthCheck {

    /** A stable name, used in events, logs and configuration, such as {@code node-ready}. */
    String name();

    /** The layer this check looks at. */
    Layer layer();

    /**
     * Judges a node.
     *
     * @param node the node
     * @param snapshot the cluster as last seen
     * @param now the current time (from the injected clock)
     * @return the verdict; never null
     */
    Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now);
}
