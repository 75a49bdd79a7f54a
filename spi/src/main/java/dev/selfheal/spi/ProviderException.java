package dev.selfheal.spi;

/**
 * A failure of a provider call. Every provider failure says which machine, which operation, and whether
 * trying again may help. Messages never contain secrets.
 *
 * @see RetryableProviderException
 * @see PermanentProviderException
 */
public abstract class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String machine;
    private final String operation;

    /**
     * @param machine the machine as {@link MachineRef#describe()} or another human form; may be {@code null}
     * @param operation the call that failed, such as {@code "ec2:StopInstances"}
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    protected ProviderException(String machine, String operation, String message, Throwable cause) {
        super(compose(machine, operation, message), cause);
        this.machine = machine;
        this.operation = operation;
    }

    /** Whether the same call may succeed later (throttling, 5xx, time-outs). */
    public abstract boolean isRetryable();

    /** The machine the call was about, or {@code null}. */
    public String machine() {
        return machine;
    }

    /** The call that failed. */
    public String operation() {
        return operation;
    }

    private static String compose(String machine, String operation, String message) {
        StringBuilder b = new StringBuilder();
        b.append(operation == null ? "provider call" : operation);
        if (machine != null) {
            b.append(" on ").append(machine);
        }
        return b.append(" failed: ").append(message).toString();
    }
}
