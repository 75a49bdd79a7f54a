package dev.selfheal.core.config;

/**
 * How the workloads of a fenced node are released. In every mode the fenced node first gets Selfheal's
 * {@code NoSchedule} taint {@code selfheal.dev/fenced} (nothing is scheduled back onto it while it still looks Ready)
 * and then the {@code node.kubernetes.io/out-of-service} taint (Kubernetes 1.28+ detaches its volumes); both are
 * removed when the node is healthy again.
 */
public enum ReleaseMode {
    /**
     * Force deletion of the pods and VolumeAttachments, then the out-of-service taint once no StatefulSet pod is left
     * on the node (the default: fastest).
     */
    AUTO,
    /** The taint only: Kubernetes deletes the pods itself once the node is NotReady (after its grace period). */
    OUT_OF_SERVICE_TAINT,
    /** Force deletion, then the taint (the same as AUTO; kept for configurations that name it). */
    FORCE_DELETE
}
