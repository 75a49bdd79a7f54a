package dev.selfheal.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A reference to the machine under a Kubernetes node, as resolved by a provider.
 *
 * @param providerType the provider type that resolved it, such as {@code "aws"}
 * @param id the machine's identifier in that infrastructure (instance id, VM uuid, BMC system id)
 * @param nodeName the Kubernetes node the machine backs, for messages and events
 * @param attributes provider-specific facts found while resolving (zone, region, BMC address); never secrets
 */
public record MachineRef(String providerType, String id, String nodeName, Map<String, String> attributes) {

    /** Validates and copies the attributes. */
    public MachineRef {
        requireText(providerType, "providerType");
        requireText(id, "id");
        requireText(nodeName, "nodeName");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** A reference without attributes. */
    public static MachineRef of(String providerType, String id, String nodeName) {
        return new MachineRef(providerType, id, nodeName, Map.of());
    }

    /** An attribute, or {@code null} when absent. */
    public String attribute(String key) {
        return attributes.get(key);
    }

    /** A short human form: {@code aws:i-0abc (node worker-1)}. */
    public String describe() {
        return providerType + ":" + id + " (node " + nodeName + ")";
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("MachineRef." + field + " must not be blank");
        }
    }
}
