package dev.selfheal.core.kube;

import dev.selfheal.core.safety.StormState;
import dev.selfheal.core.safety.StormStateStore;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the storm gate's state in the Lease {@value #LEASE_NAME} of the healer's namespace, as three annotations
 * ({@code selfheal.dev/storm-since}, {@code selfheal.dev/storm-last-seen}, {@code selfheal.dev/storm-cooldown-until},
 * ISO-8601 instants), so a new leader keeps the freeze. Covered by the healer's Role on Leases.
 */
public final class LeaseStormStateStore implements StormStateStore {

    /** The Lease's name. */
    public static final String LEASE_NAME = "selfheal-storm-state";
    static final String SINCE = "selfheal.dev/storm-since";
    static final String LAST_SEEN = "selfheal.dev/storm-last-seen";
    static final String COOLDOWN_UNTIL = "selfheal.dev/storm-cooldown-until";

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
        Map<String, String> a = lease.getMetadata().getAnnotations();
        return Optional.of(new StormState(instant(a.get(SINCE)), instant(a.get(LAST_SEEN)), instant(a.get(COOLDOWN_UNTIL))));
    }

    @Override
    public void save(StormState state) {
        Map<String, String> a = new HashMap<>();
        put(a, SINCE, state.since());
        put(a, LAST_SEEN, state.lastSeen());
        put(a, COOLDOWN_UNTIL, state.cooldownUntil());
        Lease lease = new LeaseBuilder().withNewMetadata().withName(LEASE_NAME).withNamespace(namespace)
                .withAnnotations(a).addToLabels("app.kubernetes.io/name", "selfheal").endMetadata().withNewSpec().endSpec().build();
        call("write", () -> client.leases().inNamespace(namespace).resource(lease).createOr(r -> r.update()));
    }

    private static void put(Map<String, String> a, String key, Instant value) {
        a.put(key, value == null ? "" : value.toString());
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new KubeOperationException(what + " the storm state Lease " + namespace + "/" + LEASE_NAME, e);
        }
    }
}
