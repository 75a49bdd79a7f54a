package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.kube.KwokNodes;
import dev.selfheal.testbed.kube.NodeTemplate;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies one observation of the machines to the Nodes, as the kubelets on them would: a live machine
 * registers its Node (once no Node of another machine holds the name) and heartbeats; a machine that is not
 * live, or that its source no longer reports, leaves its Node silent. Nodes the bridge did not register are
 * left alone.
 */
final class NodeReconciler {

    private final KubernetesClient client;
    private final KwokNodes nodes;
    private final Clock clock;
    private final Consumer<BridgeEvent> events;

    NodeReconciler(KubernetesClient client, KwokNodes nodes, Clock clock, Consumer<BridgeEvent> events) {
        this.client = client;
        this.nodes = nodes;
        this.clock = clock;
        this.events = events;
    }

    /**
     * @param observed the machines of every source that answered, by source name
     * @param live whether a machine's kubelet can reach the cluster (running, not cut off, not broken)
     */
    void apply(Map<String, List<ObservedMachine>> observed, Predicate<ObservedMachine> live) {
        Map<String, Node> byKey = new HashMap<>();
        Map<String, Node> byName = new HashMap<>();
        for (Node n : client.nodes().list().getItems()) {
            byName.put(n.getMetadata().getName(), n);
            String key = annotation(n, MachineNodeBridge.MACHINE_ANNOTATION);
            if (key != null) {
                byKey.put(key, n);
            }
        }
        observed.forEach((source, machines) -> {
            Set<String> seen = new java.util.HashSet<>();
            for (ObservedMachine m : machines) {
                seen.add(m.key());
                guarded(m.nodeName(), () -> reconcile(source, m, live.test(m), byKey.get(m.key()), byName.get(m.nodeName())));
            }
            byKey.forEach((key, n) -> {
                if (source.equals(annotation(n, MachineNodeBridge.SOURCE_ANNOTATION)) && !seen.contains(key)) {
                    guarded(n.getMetadata().getName(), () -> silence(n, key));
                }
            });
        });
    }

    private void reconcile(String source, ObservedMachine m, boolean live, Node own, Node sameName) {
        if (own == null) {
            if (live && sameName == null) {
                register(source, m);
            }
            return;
        }
        boolean heartbeating = "fake".equals(label(own, KwokNodes.MANAGED_LABEL));
        if (live && !heartbeating) {
            nodes.resumeHeartbeat(m.nodeName());
            events.accept(new BridgeEvent(clock.instant(), BridgeEvent.Kind.RESUMED, m.nodeName(), m.key()));
        } else if (!live && heartbeating) {
            silence(own, m.key());
        }
    }

    private void register(String source, ObservedMachine m) {
        NodeTemplate t = NodeTemplate.named(m.nodeName()).withProviderId(m.providerId())
                .withAnnotation(MachineNodeBridge.MACHINE_ANNOTATION, m.key())
                .withAnnotation(MachineNodeBridge.SOURCE_ANNOTATION, source);
        for (Map.Entry<String, String> e : m.labels().entrySet()) {
            t = t.withLabel(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : m.annotations().entrySet()) {
            t = t.withAnnotation(e.getKey(), e.getValue());
        }
        nodes.add(t);
        events.accept(new BridgeEvent(clock.instant(), BridgeEvent.Kind.REGISTERED, m.nodeName(), m.key()));
    }

    private void silence(Node n, String key) {
        if (!"fake".equals(label(n, KwokNodes.MANAGED_LABEL))) {
            return;
        }
        nodes.stopHeartbeat(n.getMetadata().getName());
        events.accept(new BridgeEvent(clock.instant(), BridgeEvent.Kind.SILENCED, n.getMetadata().getName(), key));
    }

    /** One Node's update; a Node deleted meanwhile (by the healer, by a test) is simply skipped this round. */
    private static void guarded(String node, Runnable update) {
        try {
            update.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static String annotation(Node n, String key) {
        Map<String, String> a = n.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static String label(Node n, String key) {
        Map<String, String> l = n.getMetadata().getLabels();
        return l == null ? null : l.get(key);
    }
}
