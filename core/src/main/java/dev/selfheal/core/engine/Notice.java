package dev.selfheal.core.engine;

import dev.selfheal.core.observe.SelfhealListener;
import java.util.function.Consumer;

/**
 * Something to tell once a decision was carried out: an Event and log line, and a listener callback.
 *
 * @param node the node
 * @param remediationId the remediation, or null
 * @param reason the Event reason
 * @param message the message
 * @param listener what to tell the listeners, or null
 */
record Notice(String node, String remediationId, EventReason reason, String message,
              Consumer<SelfhealListener> listener) {

    static Notice of(String node, String remediationId, EventReason reason, String message) {
        return new Notice(node, remediationId, reason, message, null);
    }

    Notice withListener(Consumer<SelfhealListener> call) {
        return new Notice(node, remediationId, reason, message, call);
    }
}
