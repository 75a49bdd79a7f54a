package dev.selfheal.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a Kubernetes Node a provider needs to find the machine under it, without depending on
 * any Kubernetes client library.
 *
 * @param name the node name
 * @param providerId the node's {@code spec.providerID}, or {@code null} when it has none
 * @param labels the node's labels
 * @param annotations the node's annotations
 */
public record NodeDescriptor(String name, String providerId, Map<String, String> labels,
                             Map<String, String> annotations) {

    /** Validates and copies the maps. */
    public NodeDescriptor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("NodeDescriptor.name must not be blank");
        }
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        annotations = Map.copyOf(Objects.requireNonNullElse(annotations, Map.of()));
    }

    /** A node with only a name and a providerID. */
    public static NodeDescriptor of(String name, String providerId) {
        return new NodeDescriptor(name, providerId, Map.of(), Map.of());
    }

    /** The providerID, when set and not blank. */
    public Optional<String> providerIdValue() {
        return Optional.ofNullable(providerId).filter(v -> !v.isBlank());
    }

    /** The providerID split into scheme and rest, when set. */
    public Optional<ProviderId> parsedProviderId() {
        return providerIdValue().map(v -> ProviderId.parse(name, v));
    }

    /** A label or annotation value, labels first; empty when neither is set. */
    public Optional<String> labelOrAnnotation(String key) {
        String v = labels.get(key);
        return Optional.ofNullable(v != null ? v : annotations.get(key));
    }
}
