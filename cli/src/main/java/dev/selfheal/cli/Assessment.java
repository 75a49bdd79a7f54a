package dev.selfheal.cli;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.DryRunGate;
import dev.selfheal.core.safety.GateDecision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the healer's judging makes of one node now: every check's verdict, the diagnosis, every gate's answer (in
 * the healer's order) and the ladder that would run, or the remediation in progress.
 *
 * @param node the node
 * @param at when it was judged
 * @param verdicts every check's verdict
 * @param diagnosis the diagnosis, if something calls for a remediation
 * @param gates each gate's answer; empty when no new remediation would be gated
 * @param ladder the steps of the ladder of the diagnosis (or of the remediation in progress)
 * @param remediation the remediation in progress, if any
 */
public record Assessment(String node, Instant at, List<Verdict> verdicts, Optional<Diagnosis> diagnosis,
                         List<GateDecision> gates, List<String> ladder, Optional<Remediation> remediation) {

    /** Copies. */
    public Assessment {
        verdicts = List.copyOf(verdicts);
        gates = List.copyOf(gates);
        ladder = List.copyOf(ladder);
    }

    /** The first gate that denies, if any: the one the healer reports. */
    public Optional<GateDecision> denial() {
        return gates.stream().filter(g -> !g.allowed()).findFirst();
    }

    /** What the healer would do now, in one line. */
    public String outcome() {
        if (remediation.isPresent()) {
            Remediation r = remediation.get();
            return "remediation in progress: " + r.state() + " at step " + r.currentStep().orElse("(ladder done)")
                    + " (" + r.phase() + ")";
        }
        if (diagnosis.isEmpty()) {
            return "nothing to do: no check calls for a remediation";
        }
        Optional<GateDecision> d = denial();
        if (d.isEmpty()) {
            return "would start a remediation of " + diagnosis.get().failureClass() + " now: " + String.join(" -> ", ladder);
        }
        return DryRunGate.NAME.equals(d.get().gate()) ? d.get().reason()
                : "blocked by the " + d.get().gate() + " gate: " + d.get().reason();
    }
}
