package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Redactor;

/** The server answered a call with a vim25 fault. */
public class VimFaultException extends VimException {

    private static final long serialVersionUID = 1L;

    private final transient VimFault fault;
    private final String context;

    /**
     * @param method the method that failed
     * @param fault the fault
     * @param context what the call was about (a VM, a user), free of secrets; may be empty
     */
    public VimFaultException(String method, VimFault fault, String context) {
        super(method, method + (context == null || context.isEmpty() ? "" : " " + context) + " failed with " + fault, null);
        this.fault = fault;
        this.context = context;
    }

    /**
     * The same failure with every known secret removed from the fault and the context (both may hold text
     * of the server's); it replaces this exception, which is not kept as a cause.
     */
    public VimFaultException redacted(Redactor redactor) {
        VimFaultException clean = new VimFaultException(method(), fault.redacted(redactor), redactor.redact(context));
        clean.setStackTrace(getStackTrace());
        return clean;
    }

    /** The fault. */
    public VimFault fault() {
        return fault;
    }

    /** Whether the fault is of {@code type}. */
    public boolean is(String type) {
        return fault.is(type);
    }
}
