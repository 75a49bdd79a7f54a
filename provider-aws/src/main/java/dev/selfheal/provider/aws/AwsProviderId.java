package dev.selfheal.provider.aws;

import dev.selfheal.spi.InvalidMachineReferenceException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An EC2 instance named by a Node's {@code spec.providerID}. Accepted forms, as Kubernetes' AWS cloud
 * provider accepts them:
 * <ul>
 *   <li>{@code aws:///us-east-1a/i-0abc...} (the usual one: zone and instance id)</li>
 *   <li>{@code aws:////i-0abc...} and {@code aws:///i-0abc...} (no zone)</li>
 *   <li>{@code aws://us-east-1a/i-0abc...} (zone as the host, seen on old clusters)</li>
 *   <li>{@code /us-east-1a/i-0abc...} and a bare {@code i-0abc...} (legacy values without a scheme)</li>
 * </ul>
 *
 * @param zone the availability zone, or {@code null} when the value has none
 * @param instanceId the instance id
 */
record AwsProviderId(String zone, String instanceId) {

    /** The providerID scheme. */
    static final String SCHEME = "aws";

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final String EXPECTED = "expected aws:///<availability-zone>/<instance-id>, such as "
            + "aws:///us-east-1a/i-0123456789abcdef0 (also accepted: aws:///<instance-id>, /<zone>/<instance-id>, "
            + "<instance-id>)";

    /** Whether the value is an instance id. */
    static boolean isInstanceId(String value) {
        return value != null && INSTANCE_ID.matcher(value).matches();
    }

    /** Whether a providerID value claims to be an AWS one (scheme {@code aws}, or a legacy form without scheme). */
    static boolean isAws(String value) {
        String v = value.trim();
        int i = v.indexOf("://");
        return i < 0 ? v.startsWith("/") || v.startsWith("i-") : v.substring(0, i).toLowerCase(Locale.ROOT).equals(SCHEME);
    }

    /** The region of the zone, when there is a zone. */
    Optional<String> region() {
        return AwsRegions.regionOfZone(zone);
    }

    /**
     * Parses an AWS providerID.
     *
     * @param nodeName the node it comes from, named in errors
     * @param value the providerID
     * @throws InvalidMachineReferenceException naming the node and the value when it is not a valid AWS one
     */
    static AwsProviderId parse(String nodeName, String value) {
        if (value == null || value.isBlank() || !isAws(value)) {
            throw new InvalidMachineReferenceException(nodeName, value, EXPECTED);
        }
        String v = value.trim();
        int i = v.indexOf("://");
        String rest = i < 0 ? (v.startsWith("/") ? v : "/" + v) : v.substring(i + 3);
        String host = "";
        if (!rest.startsWith("/")) {
            int slash = rest.indexOf('/');
            host = slash < 0 ? rest : rest.substring(0, slash);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        String[] parts = trimSlashes(rest).split("/", -1);
        String zone;
        String id;
        if (parts.length == 1) {
            zone = host.isEmpty() ? null : host;
            id = parts[0];
        } else if (parts.length == 2 && host.isEmpty()) {
            zone = parts[0].isEmpty() ? null : parts[0];
            id = parts[1];
        } else {
            throw new InvalidMachineReferenceException(nodeName, value, EXPECTED);
        }
        if (!isInstanceId(id)) {
            throw new InvalidMachineReferenceException(nodeName, value, "'" + id + "' is not an EC2 instance id (i- and "
                    + "8 or 17 hex digits); " + EXPECTED);
        }
        if (zone != null && AwsRegions.regionOfZone(zone).isEmpty()) {
            throw new InvalidMachineReferenceException(nodeName, value, "'" + zone
                    + "' is not an availability zone such as us-east-1a; " + EXPECTED);
        }
        return new AwsProviderId(zone, id);
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
