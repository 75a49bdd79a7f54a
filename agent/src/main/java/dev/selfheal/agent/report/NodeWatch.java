package dev.selfheal.agent.report;

import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.kube.KubeApiException;
import dev.selfheal.agent.kube.KubePaths;
import dev.selfheal.agent.kube.KubeWatch;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Watches the agent's own Node, on a thread of its own, and hands every version of its annotations to a consumer:
 * a GET, then a watch from that resource version, resumed from the last one seen when the server ends it and
 * started over with a GET when the version is gone (HTTP 410) or the API server does not answer (after a pause
 * growing to {@value #MAX_PAUSE_MILLIS} ms). A watch that outlives its time-out by {@value #GRACE_SECONDS} s
 * (a connection gone silently) is ended by {@link #expireStale()}.
 */
final class NodeWatch implements AutoCloseable {

    /** The server ends each watch after this long; the next one resumes. */
    static final int WATCH_SECONDS = 60;
    static final int GRACE_SECONDS = 30;
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long MAX_PAUSE_MILLIS = 8_000;

    private final KubeApi api;
    private final String node;
    private final Consumer<Map<String, String>> onAnnotations;
    private final BiConsumer<String, Throwable> onError;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KubeWatch current;
    private volatile long openedAt;

    NodeWatch(KubeApi api, String node, Consumer<Map<String, String>> onAnnotations, BiConsumer<String, Throwable> onError) {
        this.api = api;
        this.node = node;
        this.onAnnotations = onAnnotations;
        this.onError = onError;
        this.thread = new Thread(this::run, "selfheal-agent-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        KubeWatch w = current;
        if (w != null) {
            w.close();
        }
        thread.interrupt();
    }

    /** Ends the current watch when the server should have ended it long ago. */
    void expireStale() {
        KubeWatch w = current;
        if (w != null && System.nanoTime() - openedAt > (WATCH_SECONDS + GRACE_SECONDS) * 1_000_000_000L) {
            w.close();
            thread.interrupt();
        }
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!closed) {
            try {
                String version = list();
                while (!closed && version != null) {
                    version = watch(version);
                    pause = FIRST_PAUSE_MILLIS;
                }
            } catch (KubeApiException | IllegalArgumentException e) {
                if (closed) {
                    return;
                }
                Thread.interrupted();
                onError.accept("watch node " + node, e);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    if (closed) {
                        return;
                    }
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** The Node now; its resource version. */
    private String list() {
        Map<String, Object> n = api.get("get node " + node, KubePaths.node(node));
        onAnnotations.accept(Json.strings(n, "metadata", "annotations"));
        return Json.text(n, "", "metadata", "resourceVersion");
    }

    /** One watch; the version to resume from, or null to list again. */
    private String watch(String version) {
        String last = version;
        try (KubeWatch w = api.watch("watch node " + node, KubePaths.nodeWatch(node, version, WATCH_SECONDS))) {
            openedAt = System.nanoTime();
            current = w;
            for (Map<String, Object> e = w.next(); e != null && !closed; e = w.next()) {
                String type = Json.text(e, "", "type");
                if (type.equals("ERROR")) {
                    return null;
                }
                String v = Json.text(e, null, "object", "metadata", "resourceVersion");
                if (v != null) {
                    last = v;
                }
                if (type.equals("ADDED") || type.equals("MODIFIED")) {
                    onAnnotations.accept(Json.strings(e, "object", "metadata", "annotations"));
                }
            }
        } finally {
            current = null;
        }
        return last;
    }
}
