package dev.selfheal.spi;

/**
 * A node's providerID or machine annotation is malformed, or names a machine of another provider where
 * this one was configured explicitly. The message names the node and the value.
 */
public class InvalidMachineReferenceException extends PermanentProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * @param nodeName the node whose reference is bad
     * @param value the offending value
     * @param expected what a good value looks like
     */
    public InvalidMachineReferenceException(String nodeName, String value, String expected) {
        super("node " + nodeName, "resolve", "machine reference '" + value + "' is not valid: " + expected);
    }
}
