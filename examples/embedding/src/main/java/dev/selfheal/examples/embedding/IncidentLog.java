package dev.selfheal.examples.embedding;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateDecision;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host program's own record of what happened to its nodes, fed by Selfheal's listener callbacks: what a
 * platform shows in its UI or sends to its alerting. Called on the healer's decision thread, so it only
 * appends and returns.
 */
public final class IncidentLog implements SelfhealListener {

    /**
     * One line of the log.
     *
     * @param at when
     * @param node the node
     * @param what what happened
     */
    public record Incident(Instant at, String node, String what) {
    }

    private final Clock clock;
    private final List<Incident> incidents = new CopyOnWriteArrayList<>();

    /** A log stamped by {@code clock}. */
    public IncidentLog(Clock clock) {
        this.clock = clock;
    }

    /** Everything so far, oldest first. */
    public List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    @Override
    public void onDiagnosed(Diagnosis d) {
        add(d.node(), "diagnosed " + d.failureClass() + ": " + d.summary());
    }

    @Override
    public void onBlocked(Diagnosis d, GateDecision decision) {
        add(d.node(), "not remediated (" + decision.gate() + "): " + decision.reason());
    }

    @Override
    public void onStarted(Remediation r) {
        add(r.node(), "remediation started: " + r.ladder());
    }

    @Override
    public void onStepFinished(Remediation r, String step, String outcome) {
        add(r.node(), step + " " + outcome);
    }

    @Override
    public void onFinished(Remediation r) {
        add(r.node(), "remediation " + r.state() + ": " + r.message());
    }

    private void add(String node, String what) {
        incidents.add(new Incident(clock.instant(), node, what));
    }
}
