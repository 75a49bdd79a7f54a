package dev.selfheal.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.agent.checkpoint.ControlPlaneMirror;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the cluster what the agent knows ({@link dev.selfheal.protocol}), best effort and off the supervision path, on
 * one thread of its own: renews the heartbeat Lease every {@value AgentLease#INTERVAL_SECONDS} s,
 * sends the node conditions of the {@link ConditionBoard} when they change (and every {@code conditionRefresh}),
 * publishes the control-plane mirror, and answers restart requests, which it learns from a watch on its own
 * Node. Every call is bounded by the client's request time-out; a failed one is retried on the next round, so
 * an unreachable API server only delays the report.
 */
public final class AgentReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String node;
    private final String namespace;
    private final Duration conditionRefresh;
    private final ConditionBoard board;
    private final ControlPlaneMirror mirror;
    private final Clock clock;
    private final Consumer<RestartRequest> onRequest;
    private final ScheduledExecutorService thread;
    private final Queue<Map.Entry<RestartRequest, Boolean>> answers = new ConcurrentLinkedQueue<>();
    private final Set<String> seenRequests = ConcurrentHashMap.newKeySet();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastHeartbeat;
    private long sentVersion = -1;
    private Instant sentAt = Instant.EPOCH;
    private Instant nextHeartbeat = Instant.EPOCH;
    private SharedIndexInformer<Node> informer;

    /**
     * @param client the client to report through, under the agent's own identity
     * @param node this node's name
     * @param namespace the namespace of the heartbeat Lease and the control-plane mirror
     * @param conditionRefresh how often unchanged conditions are sent again
     */
    public AgentReporter(KubernetesClient client, String node, String namespace, Duration conditionRefresh,
                         ConditionBoard board, ControlPlaneMirror mirror, Clock clock, Consumer<RestartRequest> onRequest) {
        this.client = client;
        this.node = node;
        this.namespace = namespace;
        this.conditionRefresh = conditionRefresh;
        this.board = board;
        this.mirror = mirror;
        this.clock = clock;
        this.onRequest = onRequest;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "selfheal-agent-report");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What reporting achieved so far.
     *
     * @param heartbeats Lease renewals accepted
     * @param failures calls refused or not answered
     * @param lastHeartbeat the last accepted renewal, or null
     * @param lastError the last failure, or null
     */
    public record Stats(long heartbeats, long failures, Instant lastHeartbeat, String lastError) {
    }

    /** Starts the rounds and the watch on the node; returns at once, whether the API server answers or not. */
    public void start() {
        thread.scheduleWithFixedDelay(this::round, 0, 500, TimeUnit.MILLISECONDS);
        informer = client.nodes().withField("metadata.name", node).runnableInformer(0);
        informer.exceptionHandler((started, t) -> {
            note("watch node " + node, t);
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                requested(n);
            }

            @Override
            public void onUpdate(Node old, Node n) {
                requested(n);
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
            }
        });
        informer.start();
    }

    /** Queues the answer to a restart request. */
    public void answer(RestartRequest r, boolean done) {
        answers.add(Map.entry(r, done));
        thread.execute(this::sendAnswers);
    }

    /** Reporting so far. */
    public Stats stats() {
        return new Stats(heartbeats.get(), failures.get(), lastHeartbeat, lastError);
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        thread.shutdownNow();
    }

    private void requested(Node n) {
        RestartRequest.pending(n.getMetadata().getAnnotations())
                .filter(r -> seenRequests.add(r.requestId()))
                .ifPresent(r -> {
                    LOG.info("the cluster healer asks for a restart of {} (request {})", r.component(), r.requestId());
                    onRequest.accept(r);
                });
    }

    private void round() {
        Instant now = clock.instant();
        if (!now.isBefore(nextHeartbeat)) {
            nextHeartbeat = now.plusSeconds(AgentLease.INTERVAL_SECONDS);
            attempt("renew the heartbeat Lease", () -> heartbeat(now));
        }
        long v = board.version();
        if (v != sentVersion || !now.isBefore(sentAt.plus(conditionRefresh))) {
            if (attempt("send node conditions", () -> sendConditions(now))) {
                sentVersion = v;
                sentAt = now;
            }
        }
        if (mirror.pending()) {
            attempt("publish the control-plane mirror", () -> mirror.publish(client));
        }
        sendAnswers();
    }

    private void sendAnswers() {
        for (Map.Entry<RestartRequest, Boolean> a = answers.peek(); a != null; a = answers.peek()) {
            Map.Entry<RestartRequest, Boolean> answer = a;
            boolean sent = attempt("answer restart request " + a.getKey().requestId(), () -> patchNode(
                    Map.of("metadata", Map.of("annotations", Map.of(RestartAck.ANNOTATION,
                            RestartAck.of(answer.getKey(), answer.getValue()).value()))), false));
            if (!sent) {
                return;
            }
            answers.poll();
        }
    }

    private void heartbeat(Instant now) {
        String ns = namespace;
        String name = AgentLease.nameOf(node);
        ZonedDateTime renew = now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
        try {
            Lease stub = new LeaseBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().build();
            client.leases().inNamespace(ns).resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE),
                    json(Map.of("spec", Map.of("holderIdentity", node, "renewTime", MICROS.format(renew),
                            "leaseDurationSeconds", AgentLease.DURATION_SECONDS))));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .addToLabels("app.kubernetes.io/name", "selfheal").addToLabels("selfheal.dev/node", node)
                    .endMetadata().withNewSpec().withHolderIdentity(node)
                    .withLeaseDurationSeconds(AgentLease.DURATION_SECONDS)
                    .withAcquireTime(renew).withRenewTime(renew).endSpec().build()).create();
        }
        heartbeats.incrementAndGet();
        lastHeartbeat = now;
    }

    private void sendConditions(Instant now) {
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (ConditionBoard.Entry e : board.snapshot().values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", e.type());
            c.put("status", e.problem() ? "True" : "False");
            c.put("reason", e.reason());
            c.put("message", e.message().length() > 1024 ? e.message().substring(0, 1024) : e.message());
            c.put("lastHeartbeatTime", SECONDS.format(now));
            c.put("lastTransitionTime", SECONDS.format(e.lastTransition()));
            conditions.add(c);
        }
        if (!conditions.isEmpty()) {
            patchNode(Map.of("status", Map.of("conditions", conditions)), true);
        }
    }

    private void patchNode(Map<String, Object> patch, boolean status) {
        Node stub = new NodeBuilder().withNewMetadata().withName(node).endMetadata().build();
        if (status) {
            client.nodes().resource(stub).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), json(patch));
        } else {
            client.nodes().resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE), json(patch));
        }
    }

    private boolean attempt(String what, Runnable call) {
        try {
            call.run();
            if (lastError != null) {
                LOG.info("reporting works again ({})", what);
                lastError = null;
            }
            return true;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            note(what, e);
            return false;
        }
    }

    private void note(String what, Throwable t) {
        String msg = "cannot " + what + ": " + t.getClass().getSimpleName() + " " + t.getMessage();
        if (!msg.equals(lastError)) {
            LOG.warn("{} (will retry; supervision goes on from local configuration)", msg);
        }
        lastError = msg;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
