package dev.selfheal.testbed.kube;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated node to register: name, providerID, labels, annotations and taints.
 *
 * @param name the node name
 * @param providerId the {@code spec.providerID}, or {@code null}
 * @param labels extra labels
 * @param annotations extra annotations
 * @param taints taints
 */
public record NodeTemplate(String name, String providerId, Map<String, String> labels,
                           Map<String, String> annotations, List<Taint> taints) {

    /** Validates and copies. */
    public NodeTemplate {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        taints = List.copyOf(taints);
    }

    /** A plain node. */
    public static NodeTemplate named(String name) {
        return new NodeTemplate(name, null, Map.of(), Map.of(), List.of());
    }

    /** With a providerID. */
    public NodeTemplate withProviderId(String id) {
        return new NodeTemplate(name, id, labels, annotations, taints);
    }

    /** With one more label. */
    public NodeTemplate withLabel(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels);
        m.put(key, value);
        return new NodeTemplate(name, providerId, m, annotations, taints);
    }

    /** With one more annotation. */
    public NodeTemplate withAnnotation(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(annotations);
        m.put(key, value);
        return new NodeTemplate(name, providerId, labels, m, taints);
    }

    /** With one more taint. */
    public NodeTemplate withTaint(Taint taint) {
        List<Taint> t = new java.util.ArrayList<>(taints);
        t.add(taint);
        return new NodeTemplate(name, providerId, labels, annotations, t);
    }
}
