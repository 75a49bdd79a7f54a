package dev.selfheal.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * The healer asks a node's agent to restart a component by annotating the Node
 * {@link #ANNOTATION}{@code =<component-id>/<request-id>}; the agent performs it once and answers with a
 * {@link RestartAck}. The healer writes {@link #value()}; the agent reads {@link #pending(Map)}.
 *
 * @param component the component id as the healer wrote it ({@link Component#id()})
 * @param requestId the request id, unique per request
 */
public record RestartRequest(String component, String requestId) {

    /** The Node annotation through which the healer asks for a component restart. */
    public static final String ANNOTATION = "selfheal.dev/restart-request";

    /** Validates both parts: neither blank, the component without a {@code /}. */
    public RestartRequest {
        if (component == null || component.isBlank() || component.indexOf('/') >= 0) {
            throw new IllegalArgumentException("component must be a component id without '/', got '" + component + "'");
        }
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
    }

    /** A request to restart this component. */
    public static RestartRequest of(Component component, String requestId) {
        return new RestartRequest(component.id(), requestId);
    }

    /** The annotation's value: {@code <component-id>/<request-id>}. */
    public String value() {
        return component + "/" + requestId;
    }

    /** The request an annotation value holds, or empty when the value is not one. */
    public static Optional<RestartRequest> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.substring(slash + 1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RestartRequest(value.substring(0, slash), value.substring(slash + 1)));
    }

    /** The request in a Node's annotations that is present and not answered yet. */
    public static Optional<RestartRequest> pending(Map<String, String> annotations) {
        if (annotations == null) {
            return Optional.empty();
        }
        Optional<RestartRequest> r = parse(annotations.get(ANNOTATION));
        if (r.isPresent() && RestartAck.answerTo(annotations, r.get().requestId()).isPresent()) {
            return Optional.empty();
        }
        return r;
    }
}
