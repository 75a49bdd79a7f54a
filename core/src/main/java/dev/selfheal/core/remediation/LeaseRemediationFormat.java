package dev.selfheal.core.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How a remediation is persisted: one {@code coordination.k8s.io/v1} Lease per node, named
 * {@code selfheal-remediation-<node>} in the healer's namespace. {@code spec.holderIdentity} is the owning
 * healer, {@code spec.renewTime} the last update, and the annotation {@value #ANNOTATION} holds the
 * {@link Remediation} as JSON, for example:
 *
 * <pre>{@code
 * {"id":"6f1c...","node":"worker-3","nodeUid":"...","failureClass":"NODE_UNREACHABLE","component":null,
 *  "state":"REMEDIATING","ladder":["restart-kubelet","reboot","fence","release","replace","remove-node"],
 *  "stepIndex":3,"phase":"ACTING","stepStartedAt":"2026-11-21T06:00:12Z","owner":"healer-7d9f",
 *  "startedAt":"2026-11-21T05:59:40Z","updatedAt":"2026-11-21T06:00:12Z","fencedAt":"2026-11-21T06:00:11Z",
 *  "replacementId":null,"history":[{"step":"reboot","outcome":"timed-out","at":"...","detail":"...","actedAt":"..."}],
 *  "message":"releasing workloads","attempt":2,"replacedAt":null,
 *  "evidence":{"actedAt":null,"bootIdBefore":"6d2c...","healthySince":null},
 *  "unhealthySince":"2026-11-21T05:52:03Z","tried":["restart-component"]}
 * }</pre>
 *
 * Unknown fields are ignored when reading, so an older healer can read a newer record.
 */
public final class LeaseRemediationFormat {

    /** The Lease annotation that holds the record. */
    public static final String ANNOTATION = "selfheal.dev/remediation";
    /** The label every remediation Lease carries, for listing them. */
    public static final String LABEL = "selfheal.dev/remediation";
    /** The Lease name prefix; the node name follows. */
    public static final String LEASE_PREFIX = "selfheal-remediation-";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LeaseRemediationFormat() {
    }

    /** The Lease name for a node (Kubernetes names allow the node name as is). */
    public static String leaseName(String node) {
        return LEASE_PREFIX + node;
    }

    /** The record as JSON. */
    public static String toJson(Remediation r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize remediation " + r.id(), e);
        }
    }

    /**
     * A record from JSON.
     *
     * @throws IllegalArgumentException naming the Lease when the JSON is not a valid record
     */
    public static Remediation fromJson(String leaseName, String json) {
        try {
            return JSON.readValue(json, Remediation.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Lease " + leaseName + " holds an unreadable remediation record: "
                    + e.getMessage(), e);
        }
    }
}
