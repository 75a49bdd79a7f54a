package dev.selfheal.testbed.bridge;

import java.util.Map;
import java.util.Objects;

/**
 * A machine as its infrastructure reports it now, and the Node a kubelet on it would register.
 *
 * @param key the machine's identity across observations; a new machine (or a re-provisioned one) has a new key
 * @param nodeName the name its Node registers under
 * @param providerId the Node's {@code spec.providerID}, or {@code null} when the provider needs none
 * @param running whether the infrastructure reports it running (powered on)
 * @param labels labels of its Node
 * @param annotations annotations of its Node
 */
public record ObservedMachine(String key, String nodeName, String providerId, boolean running,
                              Map<String, String> labels, Map<String, String> annotations) {

    /** Validates and copies. */
    public ObservedMachine {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nodeName, "nodeName");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
