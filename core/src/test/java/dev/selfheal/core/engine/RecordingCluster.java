package dev.selfheal.core.engine;

import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.protocol.Component;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Kubernetes actions applied to the {@link MemorySource} and logged, in order. */
final class RecordingCluster implements ClusterOperations {

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final MemorySource source;

    RecordingCluster(MemorySource source) {
        this.source = source;
    }

    @Override
    public void addTaint(String node, String key, String value, String effect) {
        calls.add("taint " + key + " " + node);
        source.taint(node, key, true);
    }

    @Override
    public void removeTaint(String node, String key) {
        calls.add("untaint " + key + " " + node);
        source.taint(node, key, false);
    }

    @Override
    public void cordon(String node, boolean unschedulable) {
        calls.add("cordon " + node);
    }

    @Override
    public List<String> forceDeletePods(String node) {
        calls.add("force-delete-pods " + node);
        return List.of();
    }

    @Override
    public List<String> awaitStatefulSetPodsGone(String node, java.time.Duration limit) {
        calls.add("await-statefulset-pods-gone " + node);
        return List.of();
    }

    @Override
    public void deletePod(String namespace, String name) {
        calls.add("delete-pod " + namespace + "/" + name);
    }

    @Override
    public List<String> deleteVolumeAttachments(String node) {
        calls.add("delete-attachments " + node);
        return List.of();
    }

    @Override
    public void deleteNode(String node) {
        calls.add("delete-node " + node);
        source.remove(node);
    }

    @Override
    public void annotateNode(String node, java.util.Map<String, String> annotations) {
        calls.add("annotate " + node + " " + new java.util.TreeMap<>(annotations).keySet());
        source.annotate(node, annotations);
    }

    @Override
    public void requestComponentRestart(String node, Component component, String requestId) {
        calls.add("restart " + node + " " + component.id());
    }

    @Override
    public Optional<String> componentRestartAnswer(String node, String requestId) {
        throw new AssertionError("the engine reads the agent's answer from the snapshot, never from the API server");
    }

    @Override
    public boolean supportsOutOfServiceTaint() {
        return true;
    }
}
