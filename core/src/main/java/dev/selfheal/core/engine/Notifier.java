package dev.selfheal.core.engine;

import dev.selfheal.core.observe.EventSink;
import dev.selfheal.core.observe.SelfhealListener;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Tells the event sink, the log and the listeners about a decision, in order, on a thread of its own: neither the
 * decision thread nor a node's work ever waits for an Event sink or a listener. Never throws; when its queue is
 * full (a sink that hangs) the oldest notices are logged and dropped.
 */
final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.selfheal.healer");
    private static final int MAX_QUEUED = 10_000;

    private final EventSink events;
    private final List<SelfhealListener> listeners;
    private final ThreadPoolExecutor thread;

    Notifier(EventSink events, List<SelfhealListener> listeners) {
        this.events = events;
        this.listeners = listeners;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "selfheal-notices");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy());
    }

    /** Tells a notice: the log line at once, the Event and the listeners on the notifier's thread. */
    void tell(Notice n) {
        log(n);
        try {
            thread.execute(() -> deliver(n));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("healer closed; notice {} for node {} not delivered", n.reason(), n.node());
        }
    }

    private static void log(Notice n) {
        MDC.put("node", n.node());
        if (n.remediationId() != null) {
            MDC.put("remediation", n.remediationId());
        }
        try {
            if (n.reason().warning()) {
                LOG.warn("[{}] {}: {}", n.node(), n.reason(), n.message());
            } else {
                LOG.info("[{}] {}: {}", n.node(), n.reason(), n.message());
            }
        } finally {
            MDC.remove("node");
            MDC.remove("remediation");
        }
    }

    private void deliver(Notice n) {
        try {
            events.record(n.node(), n.reason().name(), n.message(), n.reason().warning());
        } catch (RuntimeException e) {
            LOG.warn("recording event {} for node {} failed: {}", n.reason(), n.node(), e.toString());
        }
        if (n.listener() != null) {
            listeners(n.listener());
        }
    }

    /** Calls every listener on the notifier's thread. */
    void tellListeners(Consumer<SelfhealListener> call) {
        try {
            thread.execute(() -> listeners(call));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("healer closed; listener call not delivered");
        }
    }

    private void listeners(Consumer<SelfhealListener> call) {
        for (SelfhealListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    /** Delivers what is queued (up to a second), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
