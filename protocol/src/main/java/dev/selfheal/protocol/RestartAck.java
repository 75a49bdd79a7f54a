package dev.selfheal.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * The agent's answer to a {@link RestartRequest}, the Node annotation
 * {@link #ANNOTATION}{@code =<request-id>/<outcome>} with outcome {@link #DONE} or {@link #FAILED}. The agent
 * writes {@link #value()}; the healer reads {@link #answerTo(Map, String)}.
 *
 * @param requestId the id of the request answered
 * @param outcome {@link #DONE} or {@link #FAILED}
 */
public record RestartAck(String requestId, String outcome) {

    /** The Node annotation through which the agent answers a restart request. */
    public static final String ANNOTATION = "selfheal.dev/restart-ack";
    /** Outcome word for a restart performed. */
    public static final String DONE = "done";
    /** Outcome word for a restart that could not be performed. */
    public static final String FAILED = "failed";

    /** Validates both parts. */
    public RestartAck {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
        if (outcome == null || outcome.isBlank() || outcome.indexOf('/') >= 0) {
            throw new IllegalArgumentException("outcome must be " + DONE + " or " + FAILED + ", got '" + outcome + "'");
        }
    }

    /** The answer to a request: {@link #DONE} when it was performed, else {@link #FAILED}. */
    public static RestartAck of(RestartRequest request, boolean done) {
        return new RestartAck(request.requestId(), done ? DONE : FAILED);
    }

    /** The annotation's value: {@code <request-id>/<outcome>}. */
    public String value() {
        return requestId + "/" + outcome;
    }

    /** The answer an annotation value holds, or empty when the value is not one. */
    public static Optional<RestartAck> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int slash = value.lastIndexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new RestartAck(value.substring(0, slash), value.substring(slash + 1)));
    }

    /**
     * The outcome of this request read from a Node's annotations ({@code done} or {@code failed}), or empty when
     * the agent has not answered this request (an answer to an older request does not count).
     */
    public static Optional<String> answerTo(Map<String, String> annotations, String requestId) {
        if (annotations == null) {
            return Optional.empty();
        }
        return parse(annotations.get(ANNOTATION)).filter(a -> a.requestId().equals(requestId)).map(RestartAck::outcome);
    }
}
