package dev.selfheal.core.explain;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.DryRunGate;
import dev.selfheal.core.safety.GateDecision;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the healer makes of one node at one moment, and why: every check's verdict with its evidence, the diagnosis,
 * each gate's decision (all of them, in order, not only the first denial) and the ladder that would run (or runs).
 * Built by {@link Explainer}; {@link #summary()} is one line for an Event, {@link #describe()} the full account.
 *
 * @param node the node
 * @param at the time of judging
 * @param verdicts every check's verdict
 * @param diagnosis the diagnosis, if something calls for one
 * @param gates each gate's decision, in order; empty when no remediation would be gated (healthy, or one in progress)
 * @param ladder the ladder of the diagnosis (or of the remediation in progress), step by step
 * @param remediation the remediation in progress, if any
 */
public record Explanation(String node, Instant at, List<Verdict> verdicts, Optional<Diagnosis> diagnosis,
                          List<GateDecision> gates, List<PlannedStep> ladder, Optional<Remediation> remediation) {

    /** What the healer would do about the node now. */
    public enum Outcome {
        /** Nothing calls for a remediation. */
        NOTHING_TO_DO,
        /** A remediation is in progress. */
        IN_PROGRESS,
        /** A gate other than dry-run denies a new remediation. */
        BLOCKED,
        /** Every gate allows but this is a dry run: the plan is told, nothing is done. */
        DRY_RUN,
        /** A remediation would start now. */
        WOULD_START
    }

    /** Validates and copies. */
    public Explanation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        verdicts = List.copyOf(verdicts);
        Objects.requireNonNull(diagnosis, "diagnosis");
        gates = List.copyOf(gates);
        ladder = List.copyOf(ladder);
        Objects.requireNonNull(remediation, "remediation");
    }

    /** The outcome. */
    public Outcome outcome() {
        if (remediation.isPresent()) {
            return Outcome.IN_PROGRESS;
        }
        if (diagnosis.isEmpty()) {
            return Outcome.NOTHING_TO_DO;
        }
        Optional<GateDecision> denial = denial();
        if (denial.isEmpty()) {
            return Outcome.WOULD_START;
        }
        return DryRunGate.NAME.equals(denial.get().gate()) ? Outcome.DRY_RUN : Outcome.BLOCKED;
    }

    /** The first gate that denies, if any: the one the healer reports. */
    public Optional<GateDecision> denial() {
        return gates.stream().filter(g -> !g.allowed()).findFirst();
    }

    /** The verdicts that are not healthy. */
    public List<Verdict> findings() {
        return verdicts.stream().filter(v -> v.status() != Verdict.Status.HEALTHY).toList();
    }

    /** One line: what would be done and why, such as {@code dry run: would remediate MACHINE_DOWN (...) with [...]}. */
    public String summary() {
        return switch (outcome()) {
            case NOTHING_TO_DO -> findings().isEmpty() ? "healthy: no check finds anything"
                    : "no remediation: nothing calls for one; " + findings().size() + " finding(s): " + findingsText();
            case IN_PROGRESS -> "remediation " + remediation.get().id() + " of " + remediation.get().failureClass()
                    + " in progress (" + remediation.get().state() + "); ladder " + ladder;
            case BLOCKED -> diagnosed() + "; blocked by gate " + denial().get().gate() + ": " + denial().get().reason()
                    + "; ladder would be " + ladder;
            case DRY_RUN -> "dry run: would remediate " + diagnosed() + " with " + ladder;
            case WOULD_START -> "would remediate " + diagnosed() + " with " + ladder;
        };
    }

    /** The full account: summary, then verdicts with evidence, diagnosis, gates and ladder, one per line. */
    public String describe() {
        StringBuilder b = new StringBuilder("node ").append(node).append(" at ").append(at).append(": ").append(summary());
        b.append("\nchecks:");
        verdicts.forEach(v -> b.append("\n  ").append(v.check()).append(": ").append(v.status())
                .append(v.symptom() == null ? "" : " " + v.symptom()).append(v.evidence().isEmpty() ? "" : " - " + v.evidence()));
        b.append("\ndiagnosis: ").append(diagnosis.map(d -> d.failureClass() + " (" + d.rootLayer() + " layer) since "
                + d.since() + ": " + d.summary()).orElse("none"));
        b.append("\ngates:");
        if (gates.isEmpty()) {
            b.append(" not asked");
        }
        gates.forEach(g -> b.append("\n  ").append(g.gate()).append(": ").append(g.allowed() ? "allow" : "deny - " + g.reason()));
        b.append("\nladder: ").append(ladder.isEmpty() ? "none" : ladder.toString());
        return b.toString();
    }

    private String diagnosed() {
        Diagnosis d = diagnosis.orElseThrow();
        return d.failureClass() + " (" + d.rootLayer() + " layer: " + d.summary() + ")";
    }

    private String findingsText() {
        return String.join("; ", findings().stream().map(v -> v.check() + " " + v.status() + " " + v.evidence()).toList());
    }
}
