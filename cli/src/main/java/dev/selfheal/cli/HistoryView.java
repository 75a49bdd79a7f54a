package dev.selfheal.cli;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.StepRecord;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code history} account of one node: its remediation record with its finished steps, and its Events. */
public final class HistoryView {

    private HistoryView() {
    }

    /** The account as text. */
    public static String text(String node, Optional<Remediation> record, List<Event> events, Instant now) {
        StringBuilder out = new StringBuilder();
        if (record.isEmpty()) {
            out.append("Node ").append(node).append(": no remediation record.\n");
        }
        record.ifPresent(r -> {
            out.append("Node ").append(node).append(": remediation ").append(r.id()).append(" (attempt ")
                    .append(r.attempt()).append(")\n");
            out.append("  failure class: ").append(r.failureClass())
                    .append(r.component() == null ? "" : " (component " + r.component() + ")").append('\n');
            out.append("  state:         ").append(r.state()).append(", step ").append(StatusView.step(r)).append(", ")
                    .append(r.phase()).append('\n');
            out.append("  started:       ").append(r.startedAt()).append(" (").append(Ages.of(r.startedAt(), now))
                    .append(" ago) by ").append(r.owner()).append('\n');
            out.append("  ladder:        ").append(String.join(" -> ", r.ladder())).append('\n');
            if (r.fencedAt() != null) {
                out.append("  fenced:        ").append(r.fencedAt()).append('\n');
            }
            out.append("  message:       ").append(r.message()).append("\n\nSteps:\n");
            out.append(r.history().isEmpty() ? "  (none finished yet)\n" : steps(r.history()));
        });
        out.append("\nEvents:\n");
        out.append(events.isEmpty() ? "  (none)\n" : events(events));
        return out.toString();
    }

    /** The account as a value for JSON or YAML. */
    public static Map<String, Object> value(String node, Optional<Remediation> record, List<Event> events) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("remediation", record.orElse(null));
        m.put("events", events.stream().map(HistoryView::event).toList());
        return m;
    }

    private static String steps(List<StepRecord> history) {
        Table t = new Table(List.of("step", "outcome", "at", "detail"));
        history.forEach(s -> t.row(List.of(s.step(), s.outcome(), String.valueOf(s.at()), s.detail() == null ? "" : s.detail())));
        return ExplainView.indent(t.render());
    }

    private static String events(List<Event> events) {
        Table t = new Table(List.of("last seen", "type", "reason", "count", "message"));
        events.forEach(e -> t.row(List.of(String.valueOf(e.getLastTimestamp()), String.valueOf(e.getType()),
                String.valueOf(e.getReason()), String.valueOf(e.getCount()), String.valueOf(e.getMessage()))));
        return ExplainView.indent(t.render());
    }

    private static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstTimestamp", e.getFirstTimestamp());
        m.put("lastTimestamp", e.getLastTimestamp());
        m.put("type", e.getType());
        m.put("reason", e.getReason());
        m.put("count", e.getCount());
        m.put("message", e.getMessage());
        m.put("reportingInstance", e.getReportingInstance());
        return m;
    }
}
