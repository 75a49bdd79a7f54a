package dev.selfheal.provider.vsphere.internal;

import java.time.Duration;

/** A task or a state did not finish within its time limit; the operation may still complete later. */
public final class VimTimeoutException extends VimException {

    private static final long serialVersionUID = 1L;

    private final Duration limit;

    /**
     * @param method the method whose outcome was awaited
     * @param what what was awaited, such as {@code "task task-12 on VM 'web' (vm-62)"}
     * @param limit the time limit
     * @param lastSeen the last state seen
     */
    public VimTimeoutException(String method, String what, Duration limit, String lastSeen) {
        super(method, method + ": " + what + " did not finish within " + limit + " (last seen: " + lastSeen
                + "); it may still complete", null);
        this.limit = limit;
    }

    /** The time limit that ran out. */
    public Duration limit() {
        return limit;
    }
}
