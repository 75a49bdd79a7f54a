package dev.selfheal.core.diagnosis;

import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The UNHEALTHY verdicts about one node, grouped by symptom. */
final class Findings {

    /** Every pod-layer symptom. */
    static final Symptom[] POD_SYMPTOMS = {Symptom.PODS_STUCK_TERMINATING, Symptom.STATEFUL_PODS_HELD,
        Symptom.VOLUME_ATTACHMENT_HELD, Symptom.POD_CRASH_LOOP};
    /** Symptoms of a node that Kubernetes sees as down. */
    static final Symptom[] NODE_DOWN = {Symptom.NODE_HEARTBEAT_LOST, Symptom.NODE_NOT_READY};

    private final EnumMap<Symptom, List<Verdict>> bySymptom = new EnumMap<>(Symptom.class);

    private Findings() {
    }

    /**
     * The unhealthy verdicts of {@code verdicts} about {@code node}; others are ignored.
     *
     * @return the findings, or null when there is no unhealthy verdict (the common case, kept allocation-free)
     */
    static Findings of(String node, List<Verdict> verdicts) {
        Findings f = null;
        for (Verdict v : verdicts) {
            if (v != null && v.isUnhealthy() && node.equals(v.node())) {
                f = f == null ? new Findings() : f;
                f.bySymptom.computeIfAbsent(v.symptom(), s -> new ArrayList<>(1)).add(v);
            }
        }
        return f;
    }

    /** Whether any of the symptoms was found. */
    boolean has(Symptom... symptoms) {
        for (Symptom s : symptoms) {
            if (bySymptom.containsKey(s)) {
                return true;
            }
        }
        return false;
    }

    /** The verdicts with any of the symptoms, in the order of the symptoms given. */
    List<Verdict> all(Symptom... symptoms) {
        List<Verdict> out = new ArrayList<>();
        for (Symptom s : symptoms) {
            out.addAll(bySymptom.getOrDefault(s, List.of()));
        }
        return out;
    }

    /** The verdict with the earliest {@code since} among those with the symptoms, or null. */
    Verdict earliest(Symptom... symptoms) {
        Verdict first = null;
        for (Verdict v : all(symptoms)) {
            if (first == null || v.since().isBefore(first.since())) {
                first = v;
            }
        }
        return first;
    }

    /** The given groups of verdicts, concatenated without repeats. */
    static List<Verdict> concat(List<Verdict> first, List<Verdict> second, List<Verdict> third) {
        Set<Verdict> out = new LinkedHashSet<>(first);
        out.addAll(second);
        out.addAll(third);
        return List.copyOf(out);
    }

    /** The earliest {@code since} of the verdicts. */
    static Instant earliestSince(List<Verdict> verdicts) {
        Instant first = null;
        for (Verdict v : verdicts) {
            if (first == null || v.since().isBefore(first)) {
                first = v.since();
            }
        }
        return first;
    }
}
