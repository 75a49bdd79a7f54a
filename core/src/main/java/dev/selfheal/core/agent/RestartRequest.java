package dev.selfheal.core.agent;

import dev.selfheal.core.health.AgentProtocol;
import java.util.Map;
import java.util.Optional;

/**
 * A restart request of the cluster healer, read from the Node annotation
 * {@link AgentProtocol#RESTART_REQUEST_ANNOTATION}{@code =<component-id>/<request-id>}; it is answered once with
 * {@link AgentProtocol#RESTART_ACK_ANNOTATION}{@code =<request-id>/<done|failed>}.
 *
 * @param component the component id as the healer wrote it
 * @param requestId the request id
 */
public record RestartRequest(String component, String requestId) {

    /** Outcome word for a restart performed. */
    public static final String DONE = "done";
    /** Outcome word for a restart that could not be performed. */
    public static final String FAILED = "failed";

    /** The pending request in a node's annotations: present and not answered yet. */
    static Optional<RestartRequest> pending(Map<String, String> annotations) {
        if (annotations == null) {
            return Optional.empty();
        }
        String req = annotations.get(AgentProtocol.RESTART_REQUEST_ANNOTATION);
        if (req == null) {
            return Optional.empty();
        }
        int slash = req.indexOf('/');
        if (slash <= 0 || slash == req.length() - 1) {
            return Optional.empty();
        }
        RestartRequest r = new RestartRequest(req.substring(0, slash), req.substring(slash + 1));
        String ack = annotations.get(AgentProtocol.RESTART_ACK_ANNOTATION);
        if (ack != null && ack.startsWith(r.requestId() + "/")) {
            return Optional.empty();
        }
        return Optional.of(r);
    }

    /** The answer annotation's value. */
    String ack(boolean done) {
        return requestId + "/" + (done ? DONE : FAILED);
    }
}
