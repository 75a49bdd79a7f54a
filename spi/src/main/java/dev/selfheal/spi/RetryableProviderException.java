package dev.selfheal.spi;

/** A provider failure that may go away: throttling, a 5xx answer, a time-out, a dropped connection. */
public class RetryableProviderException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public RetryableProviderException(String machine, String operation, String message, Throwable cause) {
        super(machine, operation, message, cause);
    }

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public RetryableProviderException(String machine, String operation, String message) {
        this(machine, operation, message, null);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
