package dev.selfheal.core.kube;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.SnapshotSource;
import dev.selfheal.protocol.AgentLease;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as fabric8 informers see it: watches (no periodic re-list) on Nodes, node Leases in
 * {@value #NODE_LEASE_NAMESPACE}, agent Leases in the healer's namespace, Pods in all namespaces,
 * VolumeAttachments and PersistentVolumes (of which only node-local ones are kept). Every watch event is converted once into the healer's views and indexed by node; the
 * informers keep no full objects. {@link #snapshot()} costs a few map copies at most.
 *
 * <pre>{@code
 * try (InformerSnapshotSource source = InformerSnapshotSource.builder(client).namespace("selfheal-system").build()) {
 *     source.onChange(engine::wakeUp);
 *     source.start();                         // returns once every watch has synced
 *     ClusterSnapshot now = source.snapshot();
 * }
 * }</pre>
 *
 * The client's identity needs list and watch on each of these resources (see {@link RbacManifests});
 * {@link #start()} fails naming every resource it could not watch.
 */
public final class InformerSnapshotSource implements SnapshotSource {

    /** Where the kubelets' heartbeat Leases live. */
    public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private static final Logger LOG = LoggerFactory.getLogger(InformerSnapshotSource.class);

    private record Watched(String what, SharedIndexInformer<?> informer) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Duration syncTimeout;
    private final ClusterState state = new ClusterState(this::changed);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Watched> watched = new ArrayList<>();
    private volatile boolean started;
    private boolean closed;

    private InformerSnapshotSource(Builder b) {
        this.client = b.client;
        this.namespace = b.namespace;
        this.clock = b.clock;
        this.syncTimeout = b.syncTimeout;
    }

    /** A builder for a source watching through this client. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /**
     * Starts every watch and returns once each has listed its initial state.
     *
     * @throws IllegalStateException naming each resource that could not be watched (for example for a missing
     *     RBAC permission) or did not sync within the sync timeout; nothing keeps running then, and
     *     start() may be called again
     */
    @Override
    public synchronized void start() {
        if (closed || !watched.isEmpty()) {
            throw new IllegalStateException("the snapshot source was already " + (closed ? "closed" : "started"));
        }
        long t0 = System.nanoTime();
        watched.add(watch("nodes", client.nodes().runnableInformer(0), KubeViews::node, Node::new, state::node));
        watched.add(watch("leases in namespace " + NODE_LEASE_NAMESPACE,
                client.leases().inNamespace(NODE_LEASE_NAMESPACE).runnableInformer(0), KubeViews::lease, Lease::new,
                state::nodeLease));
        watched.add(watch("leases in namespace " + namespace, client.leases().inNamespace(namespace).runnableInformer(0),
                l -> AgentLease.nodeOf(l.getMetadata().getName()) == null ? null : KubeViews.lease(l),
                Lease::new, state::agentLease));
        watched.add(watch("pods in all namespaces", client.pods().inAnyNamespace().runnableInformer(0), KubeViews::pod,
                Pod::new, state::pod));
        watched.add(watch("volumeattachments.storage.k8s.io", client.storage().v1().volumeAttachments().runnableInformer(0),
                KubeViews::attachment, VolumeAttachment::new, state::attachment));
        watched.add(watch("persistentvolumes", client.persistentVolumes().runnableInformer(0), KubeViews::localVolume,
                PersistentVolume::new, state::localVolume));
        awaitSynced();
        started = true;
        LOG.info("Watching {} nodes; all watches synced in {} ms", state.nodeCount(), (System.nanoTime() - t0) / 1_000_000);
        changed();
    }

    private void awaitSynced() {
        List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
        for (Watched w : watched) {
            futures.add(w.informer().start().toCompletableFuture());
        }
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < watched.size(); i++) {
            String what = watched.get(i).what();
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failures.add(what + ": " + describe(e.getCause()));
            } catch (TimeoutException e) {
                failures.add(what + ": not synced within " + syncTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(what + ": interrupted while waiting for the initial list");
                break;
            }
        }
        if (!failures.isEmpty()) {
            stopAll();
            watched.clear(); // start() may be tried again, for example once the RBAC is fixed
            throw new IllegalStateException("cannot watch the cluster (the healer needs list and watch on each of "
                    + "these; see " + RbacManifests.CLUSTER_ROLE_RESOURCE + "): " + String.join("; ", failures));
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof KubernetesClientException k && k.getCode() > 0) {
            String reason = k.getStatus() == null ? null : k.getStatus().getReason();
            return "HTTP " + k.getCode() + (reason == null ? "" : " " + reason) + ": " + firstLine(k.getMessage());
        }
        return t == null ? "unknown error" : firstLine(t.toString());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private <T extends HasMetadata, V> Watched watch(String what, SharedIndexInformer<T> informer, Function<T, V> converter,
                                                      Supplier<T> blank, BiConsumer<V, V> sink) {
        informer.itemStore(new ViewStore<>(what, converter, blank, sink));
        informer.removeNamespaceIndex();
        informer.exceptionHandler((isStarted, t) -> {
            if (isStarted) {
                LOG.warn("Watch on {} failed; retrying: {}", what, t.toString());
            }
            return isStarted; // after the first sync, keep watching whatever happens; before it, fail start()
        });
        return new Watched(what, informer);
    }

    @Override
    public ClusterSnapshot snapshot() {
        return state.snapshot(clock.instant());
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void recordMachine(MachineView machine) {
        state.machine(Objects.requireNonNull(machine, "machine"));
    }

    /**
     * Whether every watch is currently established. While one is down (API server unreachable, watch being
     * re-established), snapshots may be stale: a caller should not judge heartbeats from them.
     */
    @Override
    public boolean isWatching() {
        synchronized (this) {
            return started && !closed && watched.stream().allMatch(w -> w.informer().isWatching());
        }
    }

    /** Stops every watch. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stopAll();
        }
    }

    private void stopAll() {
        started = false;
        for (Watched w : watched) {
            try {
                w.informer().close();
            } catch (RuntimeException e) {
                LOG.debug("Stopping the watch on {} failed: {}", w.what(), e.toString());
            }
        }
    }

    private void changed() {
        if (!started) {
            return;
        }
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("A snapshot change listener failed: {}", e.toString(), e);
            }
        }
    }

    /** Options of an {@link InformerSnapshotSource}. */
    public static final class Builder {
        private final KubernetesClient client;
        private String namespace = AgentLease.DEFAULT_NAMESPACE;
        private Clock clock = Clock.systemUTC();
        private Duration syncTimeout = Duration.ofSeconds(60);

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The healer's namespace, where agent heartbeat Leases live (default {@value AgentLease#DEFAULT_NAMESPACE}). */
        public Builder namespace(String namespace) {
            this.namespace = Names.require("namespace", namespace);
            return this;
        }

        /** The clock that stamps snapshots (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long {@link #start()} waits for every watch to sync (default 60 s, 1 s to 1 h). */
        public Builder syncTimeout(Duration timeout) {
            this.syncTimeout = Names.within("syncTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /** The source, not started. */
        public InformerSnapshotSource build() {
            return new InformerSnapshotSource(this);
        }
    }
}
