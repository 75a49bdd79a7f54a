package dev.selfheal.core.recovery;

import dev.selfheal.protocol.Component;
import java.util.List;

/**
 * The Kubernetes-side actions recovery steps take. Every method is idempotent (doing it twice has the
 * effect of doing it once) and bounded in time. The default implementation talks to the API server through
 * fabric8; tests may supply an in-memory one.
 */
public interface ClusterOperations {

    /** The taint Kubernetes (1.28+) honours to release a dead node's pods and volumes. */
    String OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

    /**
     * Selfheal's own {@code NoSchedule} taint on a node it fenced: it keeps the replacements of the node's pods off
     * it while the node may still look Ready, and, unlike the out-of-service taint, evicts nothing.
     */
    String FENCED_TAINT = "selfheal.dev/fenced";

    /** Adds a taint unless present. */
    void addTaint(String node, String key, String value, String effect);

    /** Removes a taint if present. */
    void removeTaint(String node, String key);

    /** Marks a node (un)schedulable. */
    void cordon(String node, boolean unschedulable);

    /**
     * Force-deletes (grace period 0) the node's pods, except DaemonSet pods and pods already finished.
     *
     * @return the deleted pods as {@code namespace/name}
     */
    List<String> forceDeletePods(String node);

    /**
     * Waits, watching the node's pods, until the node holds no pod that its controller recreates under the same
     * name (a StatefulSet's pod), at most {@code limit}.
     *
     * @return such pods still on the node when the limit passed, as {@code namespace/name}; empty once none is left
     */
    List<String> awaitStatefulSetPodsGone(String node, java.time.Duration limit);

    /**
     * Deletes one pod with its normal grace period (a crash-looping pod its controller will recreate).
     */
    void deletePod(String namespace, String name);

    /**
     * Deletes the VolumeAttachments that attach volumes to the node.
     *
     * @return the deleted attachments' names
     */
    List<String> deleteVolumeAttachments(String node);

    /** Deletes the Node object. */
    void deleteNode(String node);

    /**
     * Sets annotations on the Node (a merge: other annotations stay), such as what a provider records about the
     * node's machine while it exists ({@link dev.selfheal.spi.InfrastructureProvider#provenance}).
     */
    void annotateNode(String node, java.util.Map<String, String> annotations);

    /** Asks the node agent to restart a component ({@link dev.selfheal.protocol.RestartRequest}). */
    void requestComponentRestart(String node, Component component, String requestId);

    /** The agent's answer to a restart request, if it answered: {@code done} or {@code failed}. */
    java.util.Optional<String> componentRestartAnswer(String node, String requestId);

    /** Whether the API server honours the out-of-service taint (Kubernetes 1.28 and later). */
    boolean supportsOutOfServiceTaint();
}
