package dev.selfheal.cli;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.explain.Explanation;
import dev.selfheal.core.explain.PlannedStep;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.safety.GateDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code explain} and {@code dry-run} show core's {@link Explanation}. */
public final class ExplainView {

    private ExplainView() {
    }

    /** The full account of one node: checks, diagnosis, gates, ladder and the outcome. */
    public static String text(Explanation a) {
        StringBuilder out = new StringBuilder();
        out.append("Node ").append(a.node()).append(" at ").append(a.at()).append("\n\nChecks:\n");
        Table checks = new Table(List.of("check", "status", "for", "evidence"));
        a.verdicts().forEach(v -> checks.row(List.of(v.check(), v.status().toString(),
                v.since() == null ? "" : Ages.of(v.since(), a.at()), v.evidence() == null ? "" : v.evidence())));
        out.append(indent(checks.render()));
        out.append("\nDiagnosis: ").append(a.diagnosis().map(ExplainView::diagnosis).orElse("healthy")).append('\n');
        if (!a.gates().isEmpty()) {
            out.append("\nGates:\n");
            Table gates = new Table(List.of("gate", "answer", "reason"));
            a.gates().forEach(g -> gates.row(List.of(g.gate(), g.allowed() ? "allow" : "deny", g.reason())));
            out.append(indent(gates.render()));
        }
        if (!a.ladder().isEmpty()) {
            out.append("\nLadder:\n");
            Table ladder = new Table(List.of("step", "plan", "note"));
            a.ladder().forEach(p -> ladder.row(List.of(p.name(), p.status().toString(), p.note())));
            out.append(indent(ladder.render()));
        }
        out.append("\nOutcome: ").append(a.outcome()).append(": ").append(a.summary()).append('\n');
        return out.toString();
    }

    /** One row per node: what a healer would do now. */
    public static String plan(List<Explanation> all) {
        Table t = new Table(List.of("node", "diagnosis", "outcome", "why"));
        all.forEach(a -> t.row(List.of(a.node(), a.diagnosis().map(d -> d.failureClass().toString()).orElse("healthy"),
                a.outcome().toString(), a.summary())));
        return t.render();
    }

    /** The assessment as a value for JSON or YAML. */
    public static Map<String, Object> value(Explanation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", a.node());
        m.put("at", a.at());
        m.put("verdicts", a.verdicts().stream().map(ExplainView::verdict).toList());
        m.put("diagnosis", a.diagnosis().map(ExplainView::diagnosisValue).orElse(null));
        m.put("gates", a.gates().stream().map(ExplainView::gate).toList());
        m.put("ladder", a.ladder().stream().map(ExplainView::step).toList());
        m.put("remediation", a.remediation().orElse(null));
        m.put("outcome", a.outcome());
        m.put("summary", a.summary());
        return m;
    }

    private static String diagnosis(Diagnosis d) {
        return d.failureClass() + " (layer " + d.rootLayer() + ", since " + d.since() + "): " + d.summary();
    }

    private static Map<String, Object> diagnosisValue(Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failureClass", d.failureClass());
        m.put("layer", d.rootLayer());
        m.put("component", d.failedComponent().map(Object::toString).orElse(null));
        m.put("since", d.since());
        m.put("summary", d.summary());
        return m;
    }

    private static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", v.check());
        m.put("status", v.status());
        m.put("symptom", v.symptom());
        m.put("evidence", v.evidence());
        m.put("since", v.since());
        m.put("recheckAt", v.recheckAt());
        m.put("attributes", v.attributes());
        return m;
    }

    private static Map<String, Object> step(PlannedStep p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", p.name());
        m.put("plan", p.status());
        m.put("note", p.note());
        return m;
    }

    private static Map<String, Object> gate(GateDecision g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gate", g.gate());
        m.put("allowed", g.allowed());
        m.put("reason", g.reason());
        return m;
    }

    static String indent(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }
}
