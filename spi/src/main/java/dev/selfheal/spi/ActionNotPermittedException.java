package dev.selfheal.spi;

/**
 * A mutating call refused by the {@link ActionGuard} before it was sent: nothing reached the infrastructure.
 * Never retried.
 */
public final class ActionNotPermittedException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param machine the machine
     * @param operation the call that was not sent
     * @param reason why (for example "this healer is no longer the leader")
     */
    public ActionNotPermittedException(String machine, String operation, String reason) {
        super(machine, operation, "not sent: " + reason, null);
        this.reason = reason;
    }

    /** Why the call was not sent. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
