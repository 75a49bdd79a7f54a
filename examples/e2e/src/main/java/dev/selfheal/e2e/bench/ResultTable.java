package dev.selfheal.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The benchmark's results as a Markdown table: Kubernetes alone, Selfheal (median, min to max) and the ratio. */
final class ResultTable {

    private final List<Measurement> results;
    private final Duration cap;
    private final int runs;

    ResultTable(List<Measurement> results, Duration cap, int runs) {
        this.results = results;
        this.cap = cap;
        this.runs = runs;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| failure | workload | Kubernetes alone | Selfheal (median of ").append(runs)
                .append(", min to max) | Kubernetes alone / Selfheal |\n|---|---|---|---|---|\n");
        for (Failure f : Failure.values()) {
            row(b, f, "Deployment pod", Measurement::deployment);
            row(b, f, "StatefulSet pod with a volume", Measurement::statefulSet);
        }
        return b.toString();
    }

    private void row(StringBuilder b, Failure f, String workload, Function<Measurement, Optional<Duration>> pick) {
        Optional<Duration> alone = results.stream().filter(m -> m.failure() == f && !m.healer().equals("Selfheal"))
                .map(pick).findFirst().flatMap(d -> d);
        List<Duration> healed = results.stream().filter(m -> m.failure() == f && m.healer().equals("Selfheal"))
                .map(pick).flatMap(Optional::stream).sorted().toList();
        long missing = results.stream().filter(m -> m.failure() == f && m.healer().equals("Selfheal")).count() - healed.size();
        String aloneText = alone.map(d -> seconds(Optional.of(d))).orElse("not within " + cap.toMinutes() + " min");
        String healText = healed.isEmpty() ? "not within 3 min" : seconds(Optional.of(healed.get(healed.size() / 2)))
                + " (" + seconds(Optional.of(healed.get(0))) + " to " + seconds(Optional.of(healed.get(healed.size() - 1))) + ")"
                + (missing > 0 ? ", " + missing + " run(s) not within 3 min" : "");
        String ratio = healed.isEmpty() ? "-" : ratio(alone.orElse(cap), healed.get(healed.size() / 2), alone.isEmpty());
        b.append("| ").append(f.description()).append(" | ").append(workload).append(" | ").append(aloneText)
                .append(" | ").append(healText).append(" | ").append(ratio).append(" |\n");
    }

    private static String ratio(Duration alone, Duration healed, boolean capped) {
        double r = alone.toMillis() / (double) Math.max(1, healed.toMillis());
        return (capped ? "more than " : "") + String.format(Locale.ROOT, "%.0fx", r);
    }

    static String seconds(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%.1f s", x.toMillis() / 1000.0)).orElse("-");
    }
}
