package dev.selfheal.core.config;

/** How the workloads of a fenced node are released. */
public enum ReleaseMode {
    /** The out-of-service taint where the cluster supports it (1.28+), else force deletion. */
    AUTO,
    /** Always the {@code node.kubernetes.io/out-of-service} taint. */
    OUT_OF_SERVICE_TAINT,
    /** Always force-delete the node's pods and delete its VolumeAttachments. */
    FORCE_DELETE
}
