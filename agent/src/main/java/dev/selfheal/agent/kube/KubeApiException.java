package dev.selfheal.agent.kube;

/**
 * A Kubernetes API call that failed: the message names the call and the HTTP status (0 when no answer came) and
 * the API server's own message, never a credential.
 */
public final class KubeApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    KubeApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when the server gave no answer (connection refused, time-out). */
    public int status() {
        return status;
    }
}
