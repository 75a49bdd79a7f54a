package dev.selfheal.spi;

/**
 * A Node's {@code spec.providerID} split at {@code "://"}: {@code aws:///us-east-1a/i-0abc} has scheme
 * {@code aws} and path {@code /us-east-1a/i-0abc}.
 *
 * @param scheme the part before {@code "://"}, lower case
 * @param path the part after {@code "://"}
 * @param raw the value as found on the node
 */
public record ProviderId(String scheme, String path, String raw) {

    /**
     * Parses a providerID.
     *
     * @param nodeName the node it came from, named in the error
     * @param value the providerID
     * @throws InvalidMachineReferenceException when the value has no {@code scheme://} prefix
     */
    public static ProviderId parse(String nodeName, String value) {
        int i = value == null ? -1 : value.indexOf("://");
        if (i <= 0) {
            throw new InvalidMachineReferenceException(nodeName, value,
                    "expected <scheme>://<id>, such as aws:///us-east-1a/i-0abc or vsphere://<uuid>");
        }
        return new ProviderId(value.substring(0, i).toLowerCase(java.util.Locale.ROOT), value.substring(i + 3), value);
    }
}
