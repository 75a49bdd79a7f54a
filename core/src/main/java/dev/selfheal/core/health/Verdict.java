package dev.selfheal.core.health;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one check says about one node at one moment.
 *
 * @param check the check's name
 * @param node the node judged
 * @param status healthy, suspect (problem seen, threshold not yet reached) or unhealthy
 * @param symptom what is wrong (null when healthy)
 * @param evidence human-readable evidence (what was seen, since when), free of secrets
 * @param since when the problem started (null when healthy)
 * @param recheckAt when judging again could change the verdict (null when only an event can change it)
 * @param attributes machine-readable details, such as {@code component=kubelet} or {@code pods=ns/a,ns/b}
 */
public record Verdict(String check, String node, Status status, Symptom symptom, String evidence, Instant since,
                      Instant recheckAt, Map<String, String> attributes) {

    /** The three outcomes of judging. */
    public enum Status {
        /** Nothing wrong. */
        HEALTHY,
        /** A problem is seen but has not lasted long enough to act. */
        SUSPECT,
        /** A problem lasted past its threshold. */
        UNHEALTHY
    }

    /** Validates and copies. */
    public Verdict {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        if (status != Status.HEALTHY) {
            Objects.requireNonNull(symptom, "symptom");
            Objects.requireNonNull(since, "since");
        }
        evidence = Objects.requireNonNullElse(evidence, "");
        attributes = Map.copyOf(attributes);
    }

    /** A healthy verdict. */
    public static Verdict healthy(String check, String node) {
        return new Verdict(check, node, Status.HEALTHY, null, "", null, null, Map.of());
    }

    /** A suspect verdict: judge again at {@code recheckAt}. */
    public static Verdict suspect(String check, String node, Symptom symptom, String evidence, Instant since,
                                  Instant recheckAt) {
        return new Verdict(check, node, Status.SUSPECT, symptom, evidence, since, recheckAt, Map.of());
    }

    /** An unhealthy verdict. */
    public static Verdict unhealthy(String check, String node, Symptom symptom, String evidence, Instant since) {
        return new Verdict(check, node, Status.UNHEALTHY, symptom, evidence, since, null, Map.of());
    }

    /** This verdict with one more attribute. */
    public Verdict with(String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(attributes);
        m.put(key, value);
        return new Verdict(check, node, status, symptom, evidence, since, recheckAt, m);
    }

    /** Whether unhealthy. */
    public boolean isUnhealthy() {
        return status == Status.UNHEALTHY;
    }

    /** An attribute. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }
}
