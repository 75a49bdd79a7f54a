package dev.selfheal.provider.vsphere.internal;

/** The server answered a call with a vim25 fault. */
public class VimFaultException extends VimException {

    private static final long serialVersionUID = 1L;

    private final transient VimFault fault;

    /**
     * @param method the method that failed
     * @param fault the fault
     * @param context what the call was about (a VM, a user), free of secrets; may be empty
     */
    public VimFaultException(String method, VimFault fault, String context) {
        super(method, method + (context == null || context.isEmpty() ? "" : " " + context) + " failed with " + fault, null);
        this.fault = fault;
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
