package dev.selfheal.core.config;

/**
 * How the workloads of a fenced node are released. In every mode the fenced node gets the
 * {@code node.kubernetes.io/out-of-service} taint (so nothing is scheduled back onto it while it still looks
 * Ready, and Kubernetes 1.28+ detaches its volumes); it is removed when the node is healthy again.
 */
public enum ReleaseMode {
    /** The taint, and at once force deletion of the pods and VolumeAttachments (the default: fastest). */
    AUTO,
    /** The taint only: Kubernetes deletes the pods itself once the node is NotReady (after its grace period). */
    OUT_OF_SERVICE_TAINT,
    /** The taint and force deletion (the same as AUTO; kept for configurations that name it). */
    FORCE_DELETE
}
