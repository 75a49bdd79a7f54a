package dev.selfheal.provider.vsphere.internal;

/**
 * A failed vim25 call. Subtypes say what failed: the server answered with a fault
 * ({@link VimFaultException}), a task ended in error ({@link VimTaskFailedException}), a wait ran out of time
 * ({@link VimTimeoutException}) or the server could not be reached ({@link VimTransportException}).
 * Messages never contain credentials or session ids.
 */
public abstract class VimException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;

    VimException(String method, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
    }

    /** The vim25 method that failed, such as {@code PowerOffVM_Task}. */
    public String method() {
        return method;
    }
}
