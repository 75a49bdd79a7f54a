package dev.selfheal.core.diagnosis;

import dev.selfheal.core.health.Layer;

/** The kinds of failure Selfheal recovers from; each has a recovery ladder. */
public enum FailureClass {
    /** No heartbeat from the node and no sign of life from its agent: the machine may be dead or cut off. */
    NODE_UNREACHABLE(Layer.INFRASTRUCTURE),
    /** The infrastructure reports the machine powered off or gone. */
    MACHINE_DOWN(Layer.INFRASTRUCTURE),
    /** The machine runs but the infrastructure reports it impaired (failed status checks, critical BMC health). */
    MACHINE_IMPAIRED(Layer.INFRASTRUCTURE),
    /** The OS is broken: read-only root, kernel deadlock, disk or network trouble. */
    OS_FAILURE(Layer.OS),
    /** A Kubernetes component is down while the machine and its agent are alive. */
    COMPONENT_FAILURE(Layer.COMPONENTS),
    /** The node registered but never became Ready. */
    NODE_STARTUP_FAILURE(Layer.COMPONENTS),
    /** The node is fine; some of its pods are not (crash loops, stuck pods). */
    POD_FAILURE(Layer.PODS);

    private final Layer layer;

    FailureClass(Layer layer) {
        this.layer = layer;
    }

    /** The root layer of this class of failure. */
    public Layer layer() {
        return layer;
    }
}
