package dev.selfheal.core.kube;

import dev.selfheal.core.safety.StormState;
import dev.selfheal.core.safety.StormStateStore;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the storm gate's state in the Lease {@value #LEASE_NAME} of the healer's namespace, as annotations
 * ({@code selfheal.dev/storm-since}, {@code selfheal.dev/storm-last-seen}, {@code selfheal.dev/storm-cooldown-until},
 * ISO-8601 instants; and {@code selfheal.dev/storm-domains}, each failure domain's, see {@link StormAnnotations}),
 * so a new leader keeps the freeze. Covered by the healer's Role on Leases.
 */
public final class LeaseStormStateStore implements StormStateStore {

    /** The Lease's name. */
    public static final String LEASE_NAME = "selfheal-storm-state";

    private final KubernetesClient client;
    private final String namespace;

    /**
     * @param client the client
     * @param namespace the healer's namespace
     */
    public LeaseStormStateStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Optional<StormState> load() {
        Lease lease = call("read", () -> client.leases().inNamespace(namespace).withName(LEASE_NAME).get());
        if (lease == null || lease.getMetadata().getAnnotations() == null) {
            return Optional.empty();
        }
        return Optional.of(StormAnnotations.read(lease.getMetadata().getAnnotations()));
    }

    @Override
    public void save(StormState state) {
        Map<String, String> a = StormAnnotations.write(state);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(LEASE_NAME).withNamespace(namespace)
                .withAnnotations(a).addToLabels("app.kubernetes.io/name", "selfheal").endMetadata().withNewSpec().endSpec().build();
        call("write", () -> client.leases().inNamespace(namespace).resource(lease).createOr(r -> r.update()));
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new KubeOperationException(what + " the storm state Lease " + namespace + "/" + LEASE_NAME, e);
        }
    }
}
