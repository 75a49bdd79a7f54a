package dev.selfheal.core.engine;

import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.safety.LeaderGuard;
import dev.selfheal.protocol.Component;
import java.util.List;
import java.util.Optional;

/** Every Kubernetes write of a step asks the {@link LeaderGuard} immediately before it is sent. */
final class GuardedClusterOperations implements ClusterOperations {

    private final ClusterOperations delegate;
    private final LeaderGuard guard;

    GuardedClusterOperations(ClusterOperations delegate, LeaderGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public void addTaint(String node, String key, String value, String effect) {
        guard.check("taint node " + node);
        delegate.addTaint(node, key, value, effect);
    }

    @Override
    public void removeTaint(String node, String key) {
        guard.check("untaint node " + node);
        delegate.removeTaint(node, key);
    }

    @Override
    public void cordon(String node, boolean unschedulable) {
        guard.check("cordon node " + node);
        delegate.cordon(node, unschedulable);
    }

    @Override
    public List<String> forceDeletePods(String node) {
        guard.check("force-delete the pods of node " + node);
        return delegate.forceDeletePods(node);
    }

    @Override
    public List<String> awaitStatefulSetPodsGone(String node, java.time.Duration limit) {
        return delegate.awaitStatefulSetPodsGone(node, limit);
    }

    @Override
    public void deletePod(String namespace, String name) {
        guard.check("delete pod " + namespace + "/" + name);
        delegate.deletePod(namespace, name);
    }

    @Override
    public List<String> deleteVolumeAttachments(String node) {
        guard.check("delete the volume attachments of node " + node);
        return delegate.deleteVolumeAttachments(node);
    }

    @Override
    public void deleteNode(String node) {
        guard.check("delete node " + node);
        delegate.deleteNode(node);
    }

    @Override
    public void annotateNode(String node, java.util.Map<String, String> annotations) {
        guard.check("annotate node " + node);
        delegate.annotateNode(node, annotations);
    }

    @Override
    public void requestComponentRestart(String node, Component component, String requestId) {
        guard.check("ask the agent of node " + node + " to restart " + component.id());
        delegate.requestComponentRestart(node, component, requestId);
    }

    @Override
    public Optional<String> componentRestartAnswer(String node, String requestId) {
        return delegate.componentRestartAnswer(node, requestId);
    }

    @Override
    public boolean supportsOutOfServiceTaint() {
        return delegate.supportsOutOfServiceTaint();
    }
}
