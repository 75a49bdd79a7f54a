package dev.selfheal.spi;

/** A provider failure that retrying will not fix: access denied, bad request, wrong state. */
public class PermanentProviderException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public PermanentProviderException(String machine, String operation, String message, Throwable cause) {
        super(machine, operation, message, cause);
    }

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public PermanentProviderException(String machine, String operation, String message) {
        this(machine, operation, message, null);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
