package dev.selfheal.core.remediation;

/** Another writer changed a remediation record since it was read; reload and decide again. */
public class ConcurrentUpdateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param node the node whose record changed
     * @param cause the store's failure, or null
     */
    public ConcurrentUpdateException(String node, Throwable cause) {
        super("the remediation record of node " + node + " changed concurrently", cause);
    }
}
