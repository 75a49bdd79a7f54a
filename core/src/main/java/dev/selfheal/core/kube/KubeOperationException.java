package dev.selfheal.core.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A Kubernetes API call of the healer failed. The message names the operation and the object; {@link #retryable()}
 * tells a transient failure (server error, throttling, time-out, lost connection, conflict) from a permanent one
 * (forbidden, invalid, not found).
 */
public class KubeOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param operation what was attempted, naming the object, such as {@code "add taint x to node n1"}
     * @param cause the client's failure
     */
    public KubeOperationException(String operation, KubernetesClientException cause) {
        super("cannot " + operation + ": " + summary(cause), cause);
        this.code = cause.getCode();
    }

    /**
     * @param operation what was attempted, naming the object
     * @param reason why it failed
     */
    public KubeOperationException(String operation, String reason) {
        super("cannot " + operation + ": " + reason);
        this.code = 0;
    }

    /** The HTTP status of the failed call, or 0 when there was no answer. */
    public int code() {
        return code;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return code == 0 || code == 409 || code == 429 || code >= 500;
    }

    private static String summary(KubernetesClientException e) {
        String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String first = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        return e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + first : first;
    }
}
