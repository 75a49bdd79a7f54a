package dev.selfheal.cli;

import dev.selfheal.core.remediation.Remediation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code status} table: one row per remediation record. */
public final class StatusView {

    private static final List<String> COLUMNS = List.of("node", "class", "step", "phase", "state", "attempt", "age",
            "owner");
    private static final List<String> WIDE = List.of("component", "step-age", "fenced", "id", "message");

    private StatusView() {
    }

    /** The table; {@code wide} adds the component, the step's age, the fencing time, the id and the message. */
    public static String table(List<Remediation> records, Instant now, boolean wide) {
        List<String> headers = new ArrayList<>(COLUMNS);
        if (wide) {
            headers.addAll(WIDE);
        }
        Table t = new Table(headers);
        for (Remediation r : records) {
            List<String> row = new ArrayList<>(List.of(r.node(), r.failureClass().toString(), step(r),
                    r.phase().toString(), r.state().toString(), Integer.toString(r.attempt()), Ages.of(r.startedAt(), now),
                    r.owner() == null ? "" : r.owner()));
            if (wide) {
                row.addAll(List.of(r.component() == null ? "" : r.component(),
                        r.stepStartedAt() == null ? "" : Ages.of(r.stepStartedAt(), now),
                        r.fencedAt() == null ? "" : r.fencedAt().toString(), r.id(), r.message()));
            }
            t.row(row);
        }
        return t.render();
    }

    /** {@code fence (3/6)}, or {@code done (6/6)} when the ladder is exhausted. */
    static String step(Remediation r) {
        int n = r.ladder().size();
        return r.currentStep().map(s -> s + " (" + (r.stepIndex() + 1) + "/" + n + ")").orElse("done (" + n + "/" + n + ")");
    }
}
