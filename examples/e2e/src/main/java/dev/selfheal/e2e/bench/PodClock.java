package dev.selfheal.e2e.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stamps, per app, the moment a new pod of it (none of the pods before the failure) is seen Running on
 * another node than the dead one. Fed by an informer, so the stamp is within milliseconds of the change.
 */
final class PodClock implements AutoCloseable {

    private final Map<String, Instant> firstRunning = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    PodClock(KubernetesClient client, String namespace, String deadNode, Set<String> before) {
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                seen(p);
            }

            @Override
            public void onUpdate(Pod old, Pod p) {
                seen(p);
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
            }

            private void seen(Pod p) {
                if ("Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null
                        && !deadNode.equals(p.getSpec().getNodeName()) && !before.contains(p.getMetadata().getUid())) {
                    firstRunning.putIfAbsent(p.getMetadata().getLabels().get("app"), Instant.now());
                }
            }
        });
    }

    /** When a new pod of {@code app} first ran elsewhere, if it did. */
    Optional<Instant> runningElsewhere(String app) {
        return Optional.ofNullable(firstRunning.get(app));
    }

    @Override
    public void close() {
        informer.close();
    }
}
