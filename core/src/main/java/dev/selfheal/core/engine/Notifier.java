package dev.selfheal.core.engine;

import dev.selfheal.core.observe.EventSink;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Tells the event sink, the log and the listeners about a decision; never throws. */
final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger("dev.selfheal.healer");

    private final EventSink events;
    private final List<SelfhealListener> listeners;

    Notifier(EventSink events, List<SelfhealListener> listeners) {
        this.events = events;
        this.listeners = listeners;
    }

    void event(String node, String remediationId, String reason, String message, boolean warning) {
        MDC.put("node", node);
        if (remediationId != null) {
            MDC.put("remediation", remediationId);
        }
        try {
            if (warning) {
                LOG.warn("[{}] {}: {}", node, reason, message);
            } else {
                LOG.info("[{}] {}: {}", node, reason, message);
            }
            events.record(node, reason, message, warning);
        } catch (RuntimeException e) {
            LOG.warn("recording event {} for node {} failed: {}", reason, node, e.toString());
        } finally {
            MDC.remove("node");
            MDC.remove("remediation");
        }
    }

    void event(Remediation r, String reason, String message, boolean warning) {
        event(r.node(), r.id(), reason, message, warning);
    }

    void listeners(Consumer<SelfhealListener> call) {
        for (SelfhealListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }
}
