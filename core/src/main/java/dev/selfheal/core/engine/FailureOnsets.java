package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When each node first became unhealthy in its current failure, kept while the failure changes reason or condition
 * (Ready Unknown then False, a kernel deadlock then NotReady, a lost Lease then a machine off). Each check counts its
 * threshold from its own problem's start, so a failure whose condition keeps changing would reset the thresholds
 * and never be acted on (karpenter #2833); here a SUSPECT verdict of a failure symptom counts its threshold from the
 * node's onset instead, and the diagnosis carries the onset as its {@code since}. The onset is forgotten once no
 * check sees a failure symptom on the node; a node that fails again soon after is a flap, told from its records
 * ({@link dev.selfheal.core.remediation.Flaps}). Used from the decision thread only; kept for troubled nodes only.
 */
final class FailureOnsets {

    /** The symptoms of a node failing (not those of a silent agent or provider, or of pods). */
    private static final Set<Symptom> FAILURE = EnumSet.of(Symptom.NODE_NOT_READY, Symptom.NODE_HEARTBEAT_LOST,
            Symptom.OS_CONDITION, Symptom.MACHINE_OFF, Symptom.MACHINE_GONE, Symptom.COMPONENT_DOWN, Symptom.AGENT_ESCALATION);

    private final Map<String, Instant> onsets = new HashMap<>();

    /** The judgements with every troubled node's thresholds and diagnosis counted from its onset. */
    Judge.Result apply(Judge judge, Judge.Result judged, ClusterSnapshot snapshot, Instant now) {
        Map<String, Judgement> out = null;
        Instant next = judged.nextRecheck();
        for (Map.Entry<String, Judgement> e : judged.byNode().entrySet()) {
            Instant earliest = earliest(e.getValue());
            if (earliest == null) {
                onsets.remove(e.getKey());
                continue;
            }
            Instant onset = onsets.merge(e.getKey(), earliest, (a, b) -> a.isBefore(b) ? a : b);
            Optional<NodeView> node = snapshot.node(e.getKey());
            if (!onset.isBefore(earliest) || node.isEmpty()) {
                continue;
            }
            List<Verdict> verdicts = new ArrayList<>(e.getValue().verdicts().size());
            for (Verdict v : e.getValue().verdicts()) {
                Verdict counted = fromOnset(v, onset, now);
                verdicts.add(counted);
                next = counted.recheckAt() != null && (next == null || counted.recheckAt().isBefore(next)) ? counted.recheckAt() : next;
            }
            out = out == null ? new HashMap<>(judged.byNode()) : out;
            out.put(e.getKey(), since(judge.rejudge(node.get(), verdicts, snapshot, now), onset));
        }
        onsets.keySet().retainAll(judged.byNode().keySet());
        return out == null ? judged : new Judge.Result(out, next);
    }

    private static Instant earliest(Judgement j) {
        Instant first = null;
        for (Verdict v : j.verdicts()) {
            if (v.status() != Verdict.Status.HEALTHY && FAILURE.contains(v.symptom()) && (first == null || v.since().isBefore(first))) {
                first = v.since();
            }
        }
        return first;
    }

    /** A SUSPECT failure verdict with its threshold counted from the onset (UNHEALTHY once that passed). */
    private static Verdict fromOnset(Verdict v, Instant onset, Instant now) {
        if (v.status() != Verdict.Status.SUSPECT || !FAILURE.contains(v.symptom()) || v.recheckAt() == null
                || !v.recheckAt().isAfter(v.since()) || !v.since().isAfter(onset)) {
            return v;
        }
        Instant due = onset.plus(Duration.between(v.since(), v.recheckAt()));
        String evidence = v.evidence() + "; the node has been failing since " + onset + " (the reason changed)";
        return now.isBefore(due)
                ? new Verdict(v.check(), v.node(), Verdict.Status.SUSPECT, v.symptom(), evidence, onset, due, v.attributes())
                : new Verdict(v.check(), v.node(), Verdict.Status.UNHEALTHY, v.symptom(), evidence, onset, null, v.attributes());
    }

    private static Judgement since(Judgement j, Instant onset) {
        if (j.diagnosis().isEmpty() || !j.diagnosis().get().since().isAfter(onset)) {
            return j;
        }
        Diagnosis d = j.diagnosis().get();
        return new Judgement(j.node(), j.verdicts(), Optional.of(new Diagnosis(d.node(), d.failureClass(), d.component(),
                d.evidence(), onset, d.summary())));
    }
}
