package dev.selfheal.core.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterOperations} through the Kubernetes API with fabric8. Every method is idempotent; taint changes
 * are read-modify-write with the node's resourceVersion and retried on conflict; every failure is a
 * {@link KubeOperationException} naming the operation and the node. The client's identity needs the
 * permissions of {@link RbacManifests#CLUSTER_ROLE}.
 */
public final class KubeClusterOperations implements ClusterOperations {

    private static final Logger LOG = LoggerFactory.getLogger(KubeClusterOperations.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONFLICT_ATTEMPTS = 5;
    private static final int OUT_OF_SERVICE_MINOR = 28;
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private final KubernetesClient client;
    private volatile Boolean outOfService;

    /** Operations through this client. */
    public KubeClusterOperations(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void addTaint(String node, String key, String value, String effect) {
        Names.text("taint key", key);
        Names.text("taint effect", effect);
        updateNode(node, "add taint " + key + ":" + effect + " to node " + node, true, n -> {
            List<Taint> taints = n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
            for (Taint t : taints) {
                if (key.equals(t.getKey()) && effect.equals(t.getEffect()) && Objects.equals(value, t.getValue())) {
                    return false;
                }
            }
            taints.removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
            taints.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
            n.getSpec().setTaints(taints);
            return true;
        });
    }

    @Override
    public void removeTaint(String node, String key) {
        Names.text("taint key", key);
        updateNode(node, "remove taint " + key + " from node " + node, false, n -> {
            List<Taint> taints = n.getSpec().getTaints();
            if (taints == null || taints.stream().noneMatch(t -> key.equals(t.getKey()))) {
                return false;
            }
            List<Taint> kept = new ArrayList<>(taints);
            kept.removeIf(t -> key.equals(t.getKey()));
            n.getSpec().setTaints(kept);
            return true;
        });
    }

    @Override
    public void cordon(String node, boolean unschedulable) {
        String op = (unschedulable ? "cordon" : "uncordon") + " node " + node;
        Map<String, Object> spec = new HashMap<>();
        spec.put("unschedulable", unschedulable ? Boolean.TRUE : null); // null removes the field, as kubectl uncordon
        mergePatchNode(node, op, Map.of("spec", spec));
    }

    @Override
    public void annotateNode(String node, Map<String, String> annotations) {
        annotations.keySet().forEach(k -> Names.text("annotation key", k));
        mergePatchNode(node, "annotate node " + node + " with " + annotations.keySet(),
                Map.of("metadata", Map.of("annotations", Map.copyOf(annotations))));
    }

    @Override
    public List<String> forceDeletePods(String node) {
        String op = "force-delete the pods of node " + node;
        List<Pod> pods = call(op, () -> client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems());
        List<String> deleted = new ArrayList<>();
        for (Pod p : pods) {
            if (staysWithNode(p)) {
                continue;
            }
            String ns = p.getMetadata().getNamespace();
            String name = p.getMetadata().getName();
            List<StatusDetails> gone = call("force-delete pod " + ns + "/" + name + " of node " + node,
                    () -> client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete());
            if (!gone.isEmpty()) {
                deleted.add(ns + "/" + name);
            }
        }
        LOG.info("Force-deleted {} pods of node {}: {}", deleted.size(), node, deleted);
        return deleted;
    }

    @Override
    public List<String> awaitStatefulSetPodsGone(String node, Duration limit) {
        String op = "wait until the StatefulSet pods of node " + node + " are gone";
        Names.text("node", node);
        // An informer (list, then watch) on the node's pods: no polling; it stops when the condition holds or we give up.
        CompletableFuture<List<Pod>> gone = call(op, () -> client.pods().inAnyNamespace().withField("spec.nodeName", node)
                .informOnCondition(pods -> pods.stream().noneMatch(KubeClusterOperations::reusesName)));
        try {
            gone.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
            return List.of();
        } catch (TimeoutException e) {
            gone.cancel(true);
            List<Pod> pods = call(op, () -> client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems());
            return pods.stream().filter(KubeClusterOperations::reusesName)
                    .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
        } catch (InterruptedException e) {
            gone.cancel(true);
            Thread.currentThread().interrupt();
            throw new KubeOperationException(op, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KubernetesClientException k ? new KubeOperationException(op, k)
                    : new KubeOperationException(op, String.valueOf(e.getCause()));
        }
    }

    /** A pod its controller recreates under the same name: a StatefulSet's (of any API group). */
    static boolean reusesName(Pod p) {
        List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()) && "StatefulSet".equals(o.getKind()));
    }

    /**
     * DaemonSet pods and static pods' mirrors (owned by the Node, or annotated {@code kubernetes.io/config.mirror})
     * belong to the node, finished pods hold nothing: they stay.
     */
    static boolean staysWithNode(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        if (p.getMetadata().getAnnotations() != null && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
            return true; // a static pod's mirror: the kubelet runs it from a file; deleting the copy releases nothing
        }
        List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()) || "Node".equals(o.getKind()));
    }

    @Override
    public void deletePod(String namespace, String name) {
        call("delete pod " + namespace + "/" + name, () -> client.pods().inNamespace(namespace).withName(name).delete());
    }

    @Override
    public List<String> deleteVolumeAttachments(String node) {
        String op = "delete the volume attachments of node " + node;
        // VolumeAttachments support no field selector on spec.nodeName: list them all (rare, only while releasing).
        List<VolumeAttachment> all = call(op, () -> client.storage().v1().volumeAttachments().list().getItems());
        List<String> deleted = new ArrayList<>();
        for (VolumeAttachment a : all) {
            if (a.getSpec() != null && node.equals(a.getSpec().getNodeName())) {
                String name = a.getMetadata().getName();
                List<StatusDetails> gone = call("delete volume attachment " + name + " of node " + node,
                        () -> client.storage().v1().volumeAttachments().withName(name).delete());
                if (!gone.isEmpty()) {
                    deleted.add(name);
                }
            }
        }
        LOG.info("Deleted {} volume attachments of node {}: {}", deleted.size(), node, deleted);
        return deleted;
    }

    @Override
    public void deleteNode(String node) {
        call("delete node " + node, () -> client.nodes().withName(node).delete());
    }

    @Override
    public void requestComponentRestart(String node, Component component, String requestId) {
        Names.text("requestId", requestId);
        String value = component.id() + "/" + requestId;
        mergePatchNode(node, "request a restart of " + component.id() + " from the agent of node " + node,
                Map.of("metadata", Map.of("annotations", Map.of(RestartRequest.ANNOTATION, value))));
    }

    @Override
    public Optional<String> componentRestartAnswer(String node, String requestId) {
        Node n = call("read the restart answer of node " + node, () -> client.nodes().withName(node).get());
        if (n == null) {
            throw new KubeOperationException("read the restart answer of node " + node, "node " + node + " not found");
        }
        return RestartAck.answerTo(n.getMetadata().getAnnotations(), requestId);
    }

    @Override
    public boolean supportsOutOfServiceTaint() {
        Boolean known = outOfService;
        if (known == null) {
            VersionInfo v = call("read the API server version", client::getKubernetesVersion);
            known = atLeast(v.getMajor(), v.getMinor(), 1, OUT_OF_SERVICE_MINOR);
            outOfService = known;
        }
        return known;
    }

    /** Whether {@code major.minor} (as the API server reports them, such as "1" and "28+") is at least the given one. */
    static boolean atLeast(String major, String minor, int wantMajor, int wantMinor) {
        int ma = leadingInt(major);
        int mi = leadingInt(minor);
        return ma > wantMajor || (ma == wantMajor && mi >= wantMinor);
    }

    private static int leadingInt(String s) {
        if (s == null) {
            return -1;
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(s.substring(0, end));
    }

    private void updateNode(String node, String op, boolean mustExist, Predicate<Node> change) {
        for (int attempt = 1; ; attempt++) {
            Node n = call(op, () -> client.nodes().withName(node).get());
            if (n == null) {
                if (mustExist) {
                    throw new KubeOperationException(op, "node " + node + " not found");
                }
                return;
            }
            if (n.getSpec() == null) {
                n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            }
            if (!change.test(n)) {
                return;
            }
            try {
                client.nodes().resource(n).update(); // PUT with the resourceVersion just read: 409 when stale
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw new KubeOperationException(op, e);
                }
                LOG.debug("Conflict on node {} while trying to {} (attempt {}); reading it again", node, op, attempt);
            }
        }
    }

    private void mergePatchNode(String node, String op, Map<String, Object> patch) {
        String json;
        try {
            json = JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the patch to " + op, e);
        }
        // patch through a stub item: patching by name alone makes fabric8 GET the node first
        Node stub = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(node).endMetadata().build();
        call(op, () -> client.nodes().resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE), json));
    }

    private static <R> R call(String op, Supplier<R> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new KubeOperationException(op, e);
        }
    }
}
