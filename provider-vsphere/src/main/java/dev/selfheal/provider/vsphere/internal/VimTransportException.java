package dev.selfheal.provider.vsphere.internal;

/** The server could not be reached, did not answer in time, or answered something that is not vim25. */
public final class VimTransportException extends VimException {

    private static final long serialVersionUID = 1L;

    /** What kind of transport failure. */
    public enum Kind {
        /** Connection refused or reset, DNS failure, an HTTP error without a SOAP fault. */
        UNREACHABLE,
        /** No answer within the request time-out. */
        TIMEOUT,
        /** The TLS handshake failed: usually an untrusted or mismatching server certificate. */
        TLS,
        /** The answer was not a vim25 SOAP response. */
        PROTOCOL
    }

    private final Kind kind;

    /**
     * @param method the method that was called
     * @param kind the kind of failure
     * @param message what happened, free of secrets
     * @param cause the underlying exception, or {@code null}
     */
    public VimTransportException(String method, Kind kind, String message, Throwable cause) {
        super(method, method + ": " + message, cause);
        this.kind = kind;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }
}
