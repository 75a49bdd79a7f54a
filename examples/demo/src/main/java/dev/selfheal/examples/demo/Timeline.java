package dev.selfheal.examples.demo;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.safety.GateDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live timeline of one failure: milestones from the healer's listener callbacks (detected, fenced,
 * released, replaced, healed), from the cluster (pods Running elsewhere, the new node Ready) and from the
 * bridge (the node went silent), each printed once as it happens with its time since the failure, then a
 * summary table. Complete when every milestone is reached or the remediation ended otherwise.
 */
final class Timeline implements SelfhealListener {

    static final String SILENT = "node silent (kubelet gone)";
    static final String DETECTED = "detected";
    static final String FENCED = "fenced (EC2: stopped)";
    static final String RELEASED = "released (pods, volume)";
    static final String WEB = "web pod Running elsewhere";
    static final String DB = "db-0 Running elsewhere";
    static final String REPLACED = "replaced (Auto Scaling)";
    static final String NEW_NODE = "new node Ready";
    static final String HEALED = "healed";
    static final List<String> ORDER = List.of(SILENT, DETECTED, FENCED, RELEASED, WEB, DB, REPLACED, NEW_NODE, HEALED);

    private final Console console;
    private final Clock clock;
    private final Map<String, Instant> reached = new ConcurrentHashMap<>();
    private final CompletableFuture<RemediationState> complete = new CompletableFuture<>();
    private volatile Instant origin;
    private volatile String node;
    private volatile RemediationState outcome;

    Timeline(Console console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    /** The failure happened now, to {@code node}: milestones count from here. */
    void start(String node) {
        this.node = node;
        this.origin = clock.instant();
    }

    /** Records a milestone the first time it is reached, and prints it. */
    void reach(String milestone, String detail) {
        if (origin == null || reached.putIfAbsent(milestone, clock.instant()) != null) {
            return;
        }
        print(milestone, detail);
        if (outcome != null && reached.keySet().containsAll(ORDER)) {
            complete.complete(outcome);
        }
    }

    /** Prints a line that is no milestone (a step skipped, a gate). */
    void note(String text) {
        if (origin != null) {
            print("", text);
        }
    }

    /** Completes with the remediation's final state once every milestone is reached, or with a failure state at once. */
    CompletableFuture<RemediationState> completion() {
        return complete;
    }

    /** The time of each milestone reached, after the failure. */
    Map<String, Duration> elapsed() {
        Map<String, Duration> m = new java.util.LinkedHashMap<>();
        ORDER.stream().filter(reached::containsKey).forEach(k -> m.put(k, Duration.between(origin, reached.get(k))));
        return m;
    }

    /** The summary table. */
    void printSummary() {
        console.line("");
        console.line(String.format(Locale.ROOT, "  %-30s %14s", "milestone", "after failure"));
        console.line("  " + "-".repeat(45));
        Map<String, Duration> e = elapsed();
        for (String m : ORDER) {
            String t = e.containsKey(m) ? String.format(Locale.ROOT, "%8.1f s", e.get(m).toMillis() / 1000.0) : "not reached";
            console.line(String.format(Locale.ROOT, "  %-30s %14s", m, t));
        }
    }

    private void print(String milestone, String detail) {
        double s = Duration.between(origin, clock.instant()).toMillis() / 1000.0;
        console.line(String.format(Locale.ROOT, "  +%6.1f s  %-28s %s", s, milestone, detail));
    }

    /** Whether {@code n} is the node that failed. */
    boolean concerns(String n) {
        return n.equals(node);
    }

    private boolean mine(String n) {
        return concerns(n);
    }

    @Override
    public void onDiagnosed(Diagnosis d) {
        if (mine(d.node())) {
            reach(DETECTED, d.failureClass() + ": " + d.summary());
        }
    }

    @Override
    public void onBlocked(Diagnosis d, GateDecision decision) {
        if (mine(d.node())) {
            note("held back by " + decision.gate() + ": " + decision.reason());
        }
    }

    @Override
    public void onStarted(Remediation r) {
        if (mine(r.node())) {
            note("remediation started, ladder " + r.ladder());
        }
    }

    @Override
    public void onStepFinished(Remediation r, String step, String outcome) {
        if (!mine(r.node())) {
            return;
        }
        String detail = r.history().isEmpty() ? "" : r.history().get(r.history().size() - 1).detail();
        switch (step + "=" + outcome) {
            case "fence=done" -> reach(FENCED, detail);
            case "release=done" -> reach(RELEASED, detail);
            case "replace=done" -> reach(REPLACED, detail);
            default -> note("step " + step + " " + outcome + ": " + detail);
        }
    }

    @Override
    public void onFinished(Remediation r) {
        if (!mine(r.node())) {
            return;
        }
        outcome = r.state();
        if (r.state() == RemediationState.SUCCEEDED) {
            reach(HEALED, r.message());
        } else {
            note("remediation " + r.state() + ": " + r.message());
        }
        if (r.state() != RemediationState.SUCCEEDED || reached.keySet().containsAll(ORDER)) {
            complete.complete(r.state());
        }
    }
}
