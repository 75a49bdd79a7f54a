package dev.selfheal.core.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events ({@code core/v1}, in namespace {@value #NAMESPACE}) on Nodes, so
 * {@code kubectl describe node} shows what the healer decided and did. Reporting component {@value #COMPONENT}. The same (node, reason, type, message) within the
 * aggregation window updates one Event's {@code count} and {@code lastTimestamp} instead of creating another.
 *
 * <p>{@link #record} never blocks on the API server and never throws: Events are written in order by one
 * background thread; a failure is logged as a warning and dropped (Events are a courtesy, the remediation
 * record in its Lease is the truth).
 */
public final class KubeEventRecorder implements AutoCloseable {

    /** The reporting component of every Event. */
    public static final String COMPONENT = "selfheal";
    /** The namespace of Events about cluster-scoped objects such as Nodes (the API server accepts no other). */
    public static final String NAMESPACE = "default";

    private static final Logger LOG = LoggerFactory.getLogger(KubeEventRecorder.class);
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_TRACKED = 2048;
    private static final int MAX_QUEUED = 1000;

    private record Key(String node, String reason, String type, String message) {
    }

    private static final class Series {
        final String eventName;
        final Instant first;
        int count;
        Instant last;

        Series(String eventName, Instant first) {
            this.eventName = eventName;
            this.first = first;
            this.last = first;
            this.count = 1;
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String instance;
    private final Clock clock;
    private final Duration window;
    private final java.util.function.BooleanSupplier mayWrite;
    private final ThreadPoolExecutor writer;
    private final AtomicLong sequence = new AtomicLong();
    /** Accessed only from the writer thread. */
    private final Map<Key, Series> series = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Series> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    private KubeEventRecorder(Builder b) {
        this.client = b.client;
        this.namespace = NAMESPACE;
        this.instance = b.instance;
        this.clock = b.clock;
        this.window = b.window;
        this.mayWrite = b.mayWrite;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "selfheal-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for a recorder writing through this client. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /**
     * Records an Event on a Node; returns at once.
     *
     * @param node the node name
     * @param reason a short UpperCamelCase reason, such as {@code NodeFenced}
     * @param message a human message (free of secrets), truncated to 1024 characters
     * @param warning {@code Warning} when true, else {@code Normal}
     */
    public void record(String node, String reason, String message, boolean warning) {
        if (node == null || reason == null) {
            LOG.warn("Dropping an Event without node or reason: node={} reason={}", node, reason);
            return;
        }
        String msg = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        Key key = new Key(node, reason, warning ? "Warning" : "Normal", msg);
        Instant at = clock.instant();
        try {
            writer.execute(() -> write(key, at));
        } catch (RejectedExecutionException e) {
            LOG.warn("Dropping Event {} on node {}: {}", reason, node,
                    writer.isShutdown() ? "the recorder is closed" : "more than " + MAX_QUEUED + " Events queued");
        }
    }

    private void write(Key key, Instant at) {
        if (!mayWrite.getAsBoolean()) {
            LOG.info("Not recording Event {} on node {}: this healer may no longer write (its leader lease is not valid)",
                    key.reason(), key.node());
            return;
        }
        try {
            Series s = series.get(key);
            if (s != null && Duration.between(s.last, at).compareTo(window) <= 0 && repeat(s, key, at)) {
                return;
            }
            String name = eventName(key.node(), at);
            client.v1().events().inNamespace(namespace).resource(event(name, key, at)).create();
            series.put(key, new Series(name, at));
        } catch (KubernetesClientException e) {
            LOG.warn("{}", new KubeOperationException("record Event " + key.reason() + " on node " + key.node(), e)
                    .getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Cannot record Event {} on node {}: {}", key.reason(), key.node(), e.toString());
        }
    }

    /** Bumps the series' Event; false when the Event is gone (expired) and a new one must be created. */
    private boolean repeat(Series s, Key key, Instant at) {
        String patch = "{\"count\":" + (s.count + 1) + ",\"lastTimestamp\":\"" + timestamp(at) + "\"}";
        try {
            // patch through a stub item: patching by name alone makes fabric8 GET the Event first
            Event stub = new EventBuilder().withNewMetadata().withName(s.eventName).withNamespace(namespace).endMetadata().build();
            client.v1().events().inNamespace(namespace).resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            s.count++;
            s.last = at;
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                series.remove(key);
                return false;
            }
            throw e;
        }
    }

    private Event event(String name, Key key, Instant at) {
        String ts = timestamp(at);
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                // kubelet's convention for Nodes: uid = name; kubectl describe node finds Events by it.
                .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(key.node()).withUid(key.node())
                .endInvolvedObject()
                .withReason(key.reason()).withMessage(key.message()).withType(key.type())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .withFirstTimestamp(ts).withLastTimestamp(ts).withCount(1)
                .build();
    }

    private String eventName(String node, Instant at) {
        String suffix = "." + Long.toHexString(at.getEpochSecond() * 1_000_000_000L + at.getNano())
                + Long.toHexString(sequence.incrementAndGet());
        String base = node.length() + suffix.length() > 253 ? node.substring(0, 253 - suffix.length()) : node;
        return base + suffix;
    }

    private static String timestamp(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Waits until every Event recorded so far was written (or failed); for tests and orderly shutdown. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.concurrent.CompletableFuture<Void> marker = new java.util.concurrent.CompletableFuture<>();
        try {
            writer.execute(() -> marker.complete(null));
            marker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes the queued Events (for up to 5 s), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Dropping {} Events not written within 5 s of closing", writer.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Options of a {@link KubeEventRecorder}. */
    public static final class Builder {
        private final KubernetesClient client;
        private String instance = defaultInstance();
        private Clock clock = Clock.systemUTC();
        private Duration window = Duration.ofMinutes(10);
        private java.util.function.BooleanSupplier mayWrite = () -> true;

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The reporting instance, typically the healer's identity (default the host name). */
        public Builder instance(String instance) {
            this.instance = Names.text("instance", instance);
            return this;
        }

        /** The clock of Event timestamps and of the aggregation window (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long after its last repeat an Event still aggregates repeats (default 10 min, 1 s to 1 h). */
        public Builder aggregationWindow(Duration window) {
            this.window = Names.within("aggregationWindow", window, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Asked immediately before each Event is written (default: always): a healer that lost its leader lease while
         * Events were queued writes none of them.
         */
        public Builder mayWrite(java.util.function.BooleanSupplier mayWrite) {
            this.mayWrite = Objects.requireNonNull(mayWrite, "mayWrite");
            return this;
        }

        /** The recorder; close it to stop its writer thread. */
        public KubeEventRecorder build() {
            return new KubeEventRecorder(this);
        }

        private static String defaultInstance() {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank() ? "selfheal-healer" : host;
        }
    }
}
