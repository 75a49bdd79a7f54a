package dev.selfheal.core.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The global pause, kept in the Lease {@value #LEASE_NAME} of the healer's namespace so that a person (through
 * {@code kubectl selfheal pause}) or a tool can pause every healer of the cluster at once, and a new leader keeps it.
 * The annotation {@value #PAUSED} ({@code "true"} or {@code "false"}) is the switch; {@value #BY}, {@value #AT} and
 * {@value #REASON} say who set it, when and why. A missing Lease means not paused.
 *
 * <p>The healer {@link #watch watches} this one Lease (a watch with a field selector, no polling) and pauses while
 * it says so, besides its configuration's {@code paused}. Covered by the healer's Role on Leases.
 */
public final class LeasePauseSwitch implements AutoCloseable {

    /** The Lease's name. */
    public static final String LEASE_NAME = "selfheal-pause";
    /** The annotation that holds the switch, {@code "true"} or {@code "false"}. */
    public static final String PAUSED = "selfheal.dev/paused";
    /** Who last set the switch. */
    public static final String BY = "selfheal.dev/paused-by";
    /** When the switch was last set (ISO-8601). */
    public static final String AT = "selfheal.dev/paused-at";
    /** Why, as given by whoever set it (possibly empty). */
    public static final String REASON = "selfheal.dev/pause-reason";

    /**
     * The switch as last written.
     *
     * @param paused whether Selfheal is paused
     * @param by who set it
     * @param at when, or null when unknown
     * @param reason why, possibly empty
     */
    public record State(boolean paused, String by, Instant at, String reason) {

        /** Validates. */
        public State {
            by = Objects.requireNonNullElse(by, "");
            reason = Objects.requireNonNullElse(reason, "");
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private volatile boolean paused;
    private SharedIndexInformer<Lease> informer;

    /**
     * @param client the client
     * @param namespace the healer's namespace, a DNS-1123 label
     */
    public LeasePauseSwitch(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Names.require("namespace", namespace);
    }

    /** The switch as stored now (one read), empty when it was never set. */
    public Optional<State> read() {
        Lease lease = call("read", () -> client.leases().inNamespace(namespace).withName(LEASE_NAME).get());
        return Optional.ofNullable(lease).map(LeasePauseSwitch::state);
    }

    /** Sets the switch (creates or replaces the Lease). */
    public void write(State state) {
        Map<String, String> a = new HashMap<>();
        a.put(PAUSED, Boolean.toString(state.paused()));
        a.put(BY, state.by());
        a.put(AT, state.at() == null ? "" : state.at().toString());
        a.put(REASON, state.reason());
        Lease lease = new LeaseBuilder().withNewMetadata().withName(LEASE_NAME).withNamespace(namespace)
                .withAnnotations(a).addToLabels("app.kubernetes.io/name", "selfheal").endMetadata()
                .withNewSpec().endSpec().build();
        call("write", () -> client.leases().inNamespace(namespace).resource(lease).createOr(r -> r.update()));
    }

    /**
     * Starts watching the Lease (returns once the watch synced); {@code onChange} runs when the switch flips.
     *
     * @throws IllegalStateException when already watching
     */
    public synchronized void watch(Runnable onChange) {
        if (informer != null) {
            throw new IllegalStateException("already watching " + namespace + "/" + LEASE_NAME);
        }
        informer = call("watch", () -> client.leases().inNamespace(namespace).withName(LEASE_NAME)
                .inform(new Handler(onChange)));
    }

    /** Whether the watched Lease says paused (false before {@link #watch} and while the Lease is missing). */
    public boolean isPaused() {
        return paused;
    }

    /** Stops watching. */
    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }

    private final class Handler implements ResourceEventHandler<Lease> {
        private final Runnable onChange;

        Handler(Runnable onChange) {
            this.onChange = onChange;
        }

        @Override
        public void onAdd(Lease lease) {
            set(state(lease).paused());
        }

        @Override
        public void onUpdate(Lease old, Lease lease) {
            set(state(lease).paused());
        }

        @Override
        public void onDelete(Lease lease, boolean unknownFinalState) {
            set(false);
        }

        private void set(boolean now) {
            boolean before = paused;
            paused = now;
            if (before != now) {
                onChange.run();
            }
        }
    }

    private static State state(Lease lease) {
        Map<String, String> a = Optional.ofNullable(lease.getMetadata().getAnnotations()).orElse(Map.of());
        return new State("true".equalsIgnoreCase(a.get(PAUSED)), a.get(BY), instant(a.get(AT)), a.get(REASON));
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new KubeOperationException(what + " the pause Lease " + namespace + "/" + LEASE_NAME, e);
        }
    }
}
