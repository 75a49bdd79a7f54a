package dev.selfheal.testbed.kube;

import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulated nodes driven by kwok: registered Nodes whose Lease in {@code kube-node-lease} really
 * heartbeats and whose pods really turn Running, for as long as kwok manages them. A node is managed while
 * it carries the label {@value #MANAGED_LABEL}{@code =fake}; removing it makes the node go silent
 * exactly like a dead kubelet. (A label, not an annotation: kwok watches with a server-side label selector,
 * so a node that loses the label leaves kwok's watch and its Lease stops being renewed.)
 */
public final class KwokNodes {

    /** The label kwok selects its nodes by. */
    public static final String MANAGED_LABEL = "kwok.x-k8s.io/node";

    private final KubernetesClient client;

    KwokNodes(KubernetesClient client) {
        this.client = client;
    }

    /** Registers a node that kwok manages; returns at once (see {@link #awaitReady}). */
    public Node add(NodeTemplate template) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("type", "kwok");
        labels.put("kubernetes.io/hostname", template.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.putAll(template.labels());
        labels.put(MANAGED_LABEL, "fake");
        Map<String, String> annotations = new LinkedHashMap<>(template.annotations());
        annotations.put("node.alpha.kubernetes.io/ttl", "0");
        Node node = new NodeBuilder()
                .withNewMetadata().withName(template.name()).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withProviderID(template.providerId()).withTaints(template.taints()).endSpec()
                .build();
        return client.nodes().resource(node).create();
    }

    /** Registers a node and waits until it is Ready. */
    public Node addReady(NodeTemplate template, Duration timeout) {
        add(template);
        return awaitReady(template.name(), timeout);
    }

    /** Makes the node go silent: kwok stops renewing its Lease and status, like a dead kubelet or machine. */
    public void stopHeartbeat(String name) {
        setManagedLabel(name, "null");
    }

    /** Brings a silent node back: kwok manages it again, re-initializes it and renews its Lease. */
    public void resumeHeartbeat(String name) {
        setManagedLabel(name, "\"fake\"");
    }

    // A JSON merge patch carries no resourceVersion, so kwok's and the healer's concurrent updates of the
    // node never make it fail with 409 Conflict (a read-modify-write edit would).
    private void setManagedLabel(String name, String jsonValue) {
        client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + MANAGED_LABEL + "\":" + jsonValue + "}}}");
    }

    /** Whether kwok currently manages the node. */
    public boolean isHeartbeating(String name) {
        Node n = client.nodes().withName(name).get();
        return n != null && "fake".equals(n.getMetadata().getLabels().get(MANAGED_LABEL));
    }

    /** Waits until the node's Ready condition is True. */
    public Node awaitReady(String name, Duration timeout) {
        Await.until("node " + name + " Ready", timeout, () -> "True".equals(readyStatus(name)));
        return client.nodes().withName(name).get();
    }

    /** The node's Ready condition status ({@code True}, {@code False}, {@code Unknown}), or null. */
    public String readyStatus(String name) {
        Node n = client.nodes().withName(name).get();
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }

    /** Deletes the node. */
    public void delete(String name) {
        client.nodes().withName(name).delete();
    }
}
