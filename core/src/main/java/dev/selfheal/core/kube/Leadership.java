package dev.selfheal.core.kube;

import dev.selfheal.protocol.AgentLease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among healers on the Lease {@value #LEASE_NAME} in the healer's namespace, with fabric8's
 * {@code LeaderElector} (release on cancel). Only the leader acts.
 *
 * <ul>
 *   <li>{@link #isLeader()} is true only while this healer holds the Lease and renewed it within the renew
 *       deadline by the injected clock (fabric8 reads the system clock for the Lease itself; the injected one
 *       adds a guard on top, so a stalled renewal thread stops the leader from acting).</li>
 *   <li>Listeners hear {@code onStoppedLeading} as soon as leadership is lost or {@link #close()} starts, before
 *       the Lease is released; they run on the election thread and must be short.</li>
 *   <li>After losing leadership the healer campaigns again, until closed.</li>
 * </ul>
 */
public final class Leadership implements AutoCloseable {

    /** The Lease all healers of a cluster compete for. */
    public static final String LEASE_NAME = "selfheal-healer-leader";

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    /** Hears leadership changes. */
    public interface Listener {
        /** This healer became the leader. */
        default void onStartedLeading() {
        }

        /** This healer is no longer the leader: stop acting at once. */
        default void onStoppedLeading() {
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean leader = new AtomicBoolean();
    private final ExecutorService executor;
    private volatile Instant lastRenewal = Instant.MIN;
    private volatile String currentLeader;
    private CompletableFuture<?> running;
    private boolean closed;

    private Leadership(Builder b) {
        this.client = b.client;
        this.namespace = b.namespace;
        this.leaseName = b.leaseName;
        this.identity = b.identity;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.clock = b.clock;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "selfheal-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for an election through this client. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /** Adds a listener; add listeners before {@link #start()}. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts campaigning; returns at once. */
    public synchronized void start() {
        if (closed || running != null) {
            throw new IllegalStateException("leader election " + identity + " was already " + (closed ? "closed" : "started"));
        }
        campaign();
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(this::started, this::stopped, l -> currentLeader = l);
        var config = new LeaderElectionConfigBuilder().withName(leaseName).withLock(new GuardedLock())
                .withLeaseDuration(leaseDuration).withRenewDeadline(renewDeadline).withRetryPeriod(retryPeriod)
                .withLeaderCallbacks(callbacks).withReleaseOnCancel(true).build();
        running = new LeaderElectorBuilder(client, executor).withConfig(config).build().start();
        running.whenComplete((v, t) -> {
            stopped();
            if (t != null && !(t instanceof java.util.concurrent.CancellationException)) {
                LOG.warn("Leader election {} on Lease {}/{} ended: {}", identity, namespace, leaseName, t.toString());
            }
            campaign(); // campaign again until closed
        });
    }

    /** Whether this healer is the leader now: it holds the Lease and renewed it within the renew deadline. */
    public boolean isLeader() {
        return leader.get() && Duration.between(lastRenewal, clock.instant()).compareTo(renewDeadline) <= 0;
    }

    /** This healer's identity. */
    public String identity() {
        return identity;
    }

    /** The last leader this healer observed, or null. */
    public String currentLeader() {
        return currentLeader;
    }

    private void started() {
        if (!leader.getAndSet(true)) {
            LOG.info("Healer {} is now the leader (Lease {}/{})", identity, namespace, leaseName);
            for (Listener l : listeners) {
                safely(l::onStartedLeading);
            }
        }
    }

    private void stopped() {
        if (leader.getAndSet(false)) {
            LOG.info("Healer {} is no longer the leader (Lease {}/{})", identity, namespace, leaseName);
            for (Listener l : listeners) {
                safely(l::onStoppedLeading);
            }
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("A leadership listener failed: {}", e.toString(), e);
        }
    }

    /** Stops acting at once (listeners hear it), releases the Lease if held, and stops campaigning. */
    @Override
    public void close() {
        CompletableFuture<?> r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = running;
        }
        stopped();
        if (r != null) {
            r.cancel(true); // fabric8 releases the Lease (ReleaseOnCancel) before the future completes
        }
        executor.shutdown();
    }

    /** The Lease lock, noting each successful write by this healer with the injected clock. */
    private final class GuardedLock implements Lock {
        private final LeaseLock lease = new LeaseLock(namespace, leaseName, identity);

        @Override
        public LeaderElectionRecord get(KubernetesClient c) {
            return lease.get(c);
        }

        @Override
        public void create(KubernetesClient c, LeaderElectionRecord r) {
            Instant sent = clock.instant();
            lease.create(c, r);
            noteWrite(r, sent);
        }

        @Override
        public void update(KubernetesClient c, LeaderElectionRecord r) {
            Instant sent = clock.instant();
            lease.update(c, r);
            noteWrite(r, sent);
        }

        /** The claim counts from when the write was sent, not when its answer came (a slow answer adds nothing). */
        private void noteWrite(LeaderElectionRecord r, Instant sent) {
            if (identity.equals(r.getHolderIdentity())) {
                lastRenewal = sent;
            }
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }
    }

    /** Options of a {@link Leadership}. */
    public static final class Builder {
        private final KubernetesClient client;
        private String namespace = AgentLease.DEFAULT_NAMESPACE;
        private String leaseName = LEASE_NAME;
        private String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The healer's namespace (default {@value AgentLease#DEFAULT_NAMESPACE}); it must exist. */
        public Builder namespace(String namespace) {
            this.namespace = Names.require("namespace", namespace);
            return this;
        }

        /** The Lease name (default {@value #LEASE_NAME}). */
        public Builder leaseName(String leaseName) {
            this.leaseName = Names.object("leaseName", leaseName);
            return this;
        }

        /** This healer's identity, unique among healers (required; the pod name is a good one). */
        public Builder identity(String identity) {
            this.identity = Names.text("identity", identity);
            return this;
        }

        /** How long a leader's claim is valid (default 15 s, 1 s to 10 min). */
        public Builder leaseDuration(Duration d) {
            this.leaseDuration = Names.within("leaseDuration", d, Duration.ofSeconds(1), Duration.ofMinutes(10));
            return this;
        }

        /** How long a leader keeps trying to renew before it gives up (default 10 s; below leaseDuration). */
        public Builder renewDeadline(Duration d) {
            this.renewDeadline = Names.within("renewDeadline", d, Duration.ofMillis(500), Duration.ofMinutes(10));
            return this;
        }

        /** The pause between attempts (default 2 s; below renewDeadline). */
        public Builder retryPeriod(Duration d) {
            this.retryPeriod = Names.within("retryPeriod", d, Duration.ofMillis(100), Duration.ofMinutes(1));
            return this;
        }

        /** The clock of the renewal guard of {@link #isLeader()} (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The election, not started.
         *
         * @throws IllegalArgumentException when the identity is missing or the durations are not ordered
         *     retryPeriod &lt; renewDeadline &lt; leaseDuration
         */
        public Leadership build() {
            Names.text("identity", identity);
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be shorter than leaseDuration ("
                        + leaseDuration + ")");
            }
            if (retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("retryPeriod (" + retryPeriod + ") must be shorter than renewDeadline ("
                        + renewDeadline + ")");
            }
            return new Leadership(this);
        }
    }
}
