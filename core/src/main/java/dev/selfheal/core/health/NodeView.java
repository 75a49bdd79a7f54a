package dev.selfheal.core.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the healer knows of a Node.
 *
 * @param name the node name
 * @param uid the node's uid (a re-registered node has a new one)
 * @param providerId {@code spec.providerID}, or null
 * @param labels labels
 * @param annotations annotations
 * @param taints taints
 * @param conditions status conditions
 * @param createdAt creation time
 * @param unschedulable whether cordoned
 * @param bootId {@code status.nodeInfo.bootID}, or null when the node does not report it: it changes when the
 *        machine boots again, so a new one proves a reboot or power cycle took place
 */
public record NodeView(String name, String uid, String providerId, Map<String, String> labels,
                       Map<String, String> annotations, List<TaintView> taints, List<ConditionView> conditions,
                       Instant createdAt, boolean unschedulable, String bootId) {

    /** The label that marks control-plane nodes. */
    public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

    /** Copies the collections; a blank boot id is none. */
    public NodeView {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        taints = List.copyOf(taints);
        conditions = List.copyOf(conditions);
        bootId = bootId == null || bootId.isBlank() ? null : bootId;
    }

    /** A node that reports no boot id. */
    public NodeView(String name, String uid, String providerId, Map<String, String> labels,
                    Map<String, String> annotations, List<TaintView> taints, List<ConditionView> conditions,
                    Instant createdAt, boolean unschedulable) {
        this(name, uid, providerId, labels, annotations, taints, conditions, createdAt, unschedulable, null);
    }

    /** The same node with another boot id. */
    public NodeView withBootId(String id) {
        return new NodeView(name, uid, providerId, labels, annotations, taints, conditions, createdAt, unschedulable, id);
    }

    /** The condition of a type, if present. */
    public Optional<ConditionView> condition(String type) {
        for (ConditionView c : conditions) {
            if (c.type().equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The Ready condition's status ({@code True}, {@code False}, {@code Unknown}), or {@code Unknown} when absent. */
    public String readyStatus() {
        return condition("Ready").map(ConditionView::status).orElse("Unknown");
    }

    /** Whether Ready is True. */
    public boolean isReady() {
        return "True".equals(readyStatus());
    }

    /** Whether the node carries the control-plane role label. */
    public boolean isControlPlane() {
        return labels.containsKey(CONTROL_PLANE_LABEL) || labels.containsKey("node-role.kubernetes.io/master");
    }

    /** Whether a taint with this key is present. */
    public boolean hasTaint(String key) {
        return taints.stream().anyMatch(t -> t.key().equals(key));
    }
}
