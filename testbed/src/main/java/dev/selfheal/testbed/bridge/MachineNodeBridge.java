package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.kube.KubeTestbed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps kwok Nodes in step with the machines of one or more infrastructure peers, as the kubelets on those
 * machines would: observes every {@link MachineSource} every {@code pollInterval} and registers, silences or
 * resumes Nodes (see {@link NodeReconciler}). Faults no infrastructure API shows are injected here: a
 * machine {@link #isolate cut off} from the network keeps running but its Node goes silent; a
 * {@link #breakMachine broken} machine (corrupt OS) never heartbeats again, whatever its power, while a new
 * machine (new key) is clean. A machine may also get a real kubelet process ({@link #kubelet}): its Node then
 * heartbeats only while that process answers.
 *
 * <pre>{@code
 * try (MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(Ec2Machines.of(moto)).start()) {
 *     ... StopInstances on moto: the instance's Node stops heartbeating within a poll interval ...
 * }
 * }</pre>
 */
public final class MachineNodeBridge implements AutoCloseable {

    /** Node annotation holding the machine key. */
    public static final String MACHINE_ANNOTATION = "testbed.selfheal.dev/machine";
    /** Node annotation holding the name of the source that reported the machine. */
    public static final String SOURCE_ANNOTATION = "testbed.selfheal.dev/machine-source";

    private static final Logger LOG = LoggerFactory.getLogger(MachineNodeBridge.class);
    private static final Duration CYCLE_LIMIT = Duration.ofSeconds(60);

    private final List<MachineSource> sources;
    private final NodeReconciler reconciler;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "machine-node-bridge");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final KubeletProbes kubelets = new KubeletProbes();
    private final Map<String, List<ObservedMachine>> latest = new ConcurrentHashMap<>();
    private final Set<String> everSeen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final List<BridgeEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<BridgeEvent>> listeners;

    private MachineNodeBridge(Builder b) {
        this.sources = List.copyOf(b.sources);
        this.listeners = List.copyOf(b.listeners);
        this.reconciler = new NodeReconciler(b.kube.client(), b.kube.nodes(), b.clock, this::record);
    }

    /** A bridge for the Nodes of {@code kube}. */
    public static Builder builder(KubeTestbed kube) {
        return new Builder(kube);
    }

    /** Observes once and applies it now, on the bridge's thread; returns when done. */
    public void reconcileNow() {
        try {
            loop.submit(this::cycle).get(CYCLE_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("bridge cycle failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("bridge cycle did not finish within " + CYCLE_LIMIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Cuts the machine off the network: it keeps running, its Node goes silent (applied at once). */
    public void isolate(String machineKey) {
        isolated.add(Objects.requireNonNull(machineKey, "machineKey"));
        reconcileNow();
    }

    /** Ends an {@link #isolate} (applied at once). */
    public void reconnect(String machineKey) {
        isolated.remove(machineKey);
        reconcileNow();
    }

    /**
     * Breaks the machine for good (a corrupt OS): its Node never heartbeats again, through reboots and power
     * cycles; only a new machine (Auto Scaling replacement, re-created VM, re-provisioned server) registers a
     * working Node. Applied at once.
     */
    public void breakMachine(String machineKey) {
        broken.add(Objects.requireNonNull(machineKey, "machineKey"));
        reconcileNow();
    }

    /**
     * Ties the machine's Node to a real kubelet process (a stand-in that a node agent supervises): from now on
     * the Node heartbeats only while the machine runs and {@code healthz} answers 2xx, probed every poll. A
     * dead kubelet on a live machine then looks to the cluster exactly like one. Applied at once.
     */
    public void kubelet(String machineKey, java.net.URI healthz) {
        kubelets.put(Objects.requireNonNull(machineKey, "machineKey"), Objects.requireNonNull(healthz, "healthz"));
        reconcileNow();
    }

    /** The machines of the last observation of every source. */
    public List<ObservedMachine> machines() {
        return sources.stream().flatMap(s -> latest.getOrDefault(s.name(), List.of()).stream()).toList();
    }

    /** The machine whose Node has this name in the last observation. */
    public Optional<ObservedMachine> machineOfNode(String nodeName) {
        return machines().stream().filter(m -> m.nodeName().equals(nodeName)).findFirst();
    }

    /** The key of every machine observed since the bridge started, gone ones included. */
    public Set<String> machinesEverSeen() {
        return Set.copyOf(everSeen);
    }

    /** Every change made so far, in order. */
    public List<BridgeEvent> events() {
        return List.copyOf(events);
    }

    /** Stops observing (waits for a running cycle) and closes the sources. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(CYCLE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("bridge cycle still running after {}", CYCLE_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sources.forEach(MachineSource::close);
    }

    private MachineNodeBridge start(Duration interval) {
        loop.scheduleWithFixedDelay(this::cycleSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void cycleSafely() {
        try {
            cycle();
        } catch (RuntimeException e) {
            warnOnce("kubernetes", "cannot update Nodes: " + e.getMessage());
        }
    }

    private void cycle() {
        Map<String, List<ObservedMachine>> observed = new LinkedHashMap<>();
        for (MachineSource s : sources) {
            try {
                List<ObservedMachine> machines = s.observe();
                observed.put(s.name(), machines);
                latest.put(s.name(), List.copyOf(machines));
                machines.forEach(m -> everSeen.add(m.key()));
                lastError.remove(s.name());
            } catch (RuntimeException e) {
                warnOnce(s.name(), s.name() + " did not answer; its Nodes stay as they are: " + e.getMessage());
            }
        }
        reconciler.apply(observed, m -> m.running() && !isolated.contains(m.key()) && !broken.contains(m.key())
                && kubelets.up(m.key()));
    }

    private void record(BridgeEvent e) {
        events.add(e);
        LOG.info("bridge: node {} {} (machine {})", e.node(), e.kind().name().toLowerCase(java.util.Locale.ROOT), e.machine());
        for (Consumer<BridgeEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("bridge listener failed", ex);
            }
        }
    }

    private void warnOnce(String what, String message) {
        if (!message.equals(lastError.put(what, message))) {
            LOG.warn("bridge: {}", message);
        }
    }

    /** Options of a {@link MachineNodeBridge}. */
    public static final class Builder {
        private final KubeTestbed kube;
        private final List<MachineSource> sources = new ArrayList<>();
        private final List<Consumer<BridgeEvent>> listeners = new ArrayList<>();
        private Duration pollInterval = Duration.ofMillis(500);
        private Clock clock = Clock.systemUTC();

        private Builder(KubeTestbed kube) {
            this.kube = Objects.requireNonNull(kube, "kube");
        }

        /** A peer whose machines back Nodes. */
        public Builder source(MachineSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Called on the bridge's thread for every change it makes. */
        public Builder listener(Consumer<BridgeEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How often the peers are observed (default 500 ms, 50 ms to 1 min). */
        public Builder pollInterval(Duration d) {
            if (d == null || d.toMillis() < 50 || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 50 ms and 1 min, got " + d);
            }
            this.pollInterval = d;
            return this;
        }

        /** The clock of {@link BridgeEvent#at()} (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts observing; the first observation runs at once. */
        public MachineNodeBridge start() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("at least one source");
            }
            return new MachineNodeBridge(this).start(pollInterval);
        }
    }
}
