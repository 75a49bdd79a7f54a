package dev.selfheal.agent.report;

import dev.selfheal.agent.checkpoint.ControlPlaneMirror;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.kube.KubeApiException;
import dev.selfheal.agent.kube.KubePaths;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Node ({@link NodeWatch}, a thread of its own). Every call is bounded by the client's request time-out; a failed one is retried on the next round, so
 * an unreachable API server only delays the report.
 */
public final class AgentReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentReporter.class);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final KubeApi api;
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
    private final NodeWatch watch;

    /**
     * @param api the API client to report through, under the agent's own identity
     * @param node this node's name
     * @param namespace the namespace of the heartbeat Lease and the control-plane mirror
     * @param conditionRefresh how often unchanged conditions are sent again
     */
    public AgentReporter(KubeApi api, String node, String namespace, Duration conditionRefresh,
                         ConditionBoard board, ControlPlaneMirror mirror, Clock clock, Consumer<RestartRequest> onRequest) {
        this.api = api;
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
        this.watch = new NodeWatch(api, node, this::requested, this::note);
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
        watch.start();
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
        watch.close();
        thread.shutdownNow();
    }

    private void requested(Map<String, String> annotations) {
        RestartRequest.pending(annotations)
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
            attempt("publish the control-plane mirror", () -> mirror.publish(api));
        }
        sendAnswers();
        watch.expireStale();
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
        String name = AgentLease.nameOf(node);
        String renew = MICROS.format(now.truncatedTo(ChronoUnit.MICROS));
        try {
            api.patch("renew Lease " + namespace + "/" + name, KubePaths.lease(namespace, name), KubeApi.MERGE_PATCH,
                    Map.of("spec", Map.of("holderIdentity", node, "renewTime", renew,
                            "leaseDurationSeconds", AgentLease.DURATION_SECONDS)));
        } catch (KubeApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            api.create("create Lease " + namespace + "/" + name, KubePaths.leases(namespace), Map.of(
                    "apiVersion", "coordination.k8s.io/v1", "kind", "Lease",
                    "metadata", Map.of("name", name, "namespace", namespace,
                            "labels", Map.of("app.kubernetes.io/name", "selfheal", "selfheal.dev/node", node)),
                    "spec", Map.of("holderIdentity", node, "leaseDurationSeconds", AgentLease.DURATION_SECONDS,
                            "acquireTime", renew, "renewTime", renew)));
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
        if (status) {
            api.patch("patch the status of node " + node, KubePaths.nodeStatus(node), KubeApi.STRATEGIC_MERGE_PATCH, patch);
        } else {
            api.patch("patch node " + node, KubePaths.node(node), KubeApi.MERGE_PATCH, patch);
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
        String msg = "cannot " + what + ": " + (t instanceof KubeApiException ? t.getMessage()
                : t.getClass().getSimpleName() + " " + t.getMessage());
        if (!msg.equals(lastError)) {
            LOG.warn("{} (will retry; supervision goes on from local configuration)", msg);
        }
        lastError = msg;
    }

}
