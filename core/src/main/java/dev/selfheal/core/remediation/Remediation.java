package dev.selfheal.core.remediation;

import dev.selfheal.core.diagnosis.FailureClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's remediation: immutable; every change makes a new record, and the engine persists each one
 * before acting on it. The field names are the persisted JSON format (see {@link LeaseRemediationFormat}).
 *
 * @param id a unique id, carried in events and logs
 * @param node the node
 * @param nodeUid the node's uid when the remediation started (a re-registered node is another node)
 * @param failureClass the diagnosed failure class
 * @param component the failed component, for component failures, else null
 * @param state the lifecycle state
 * @param ladder the step names of the ladder, fixed when the remediation started
 * @param stepIndex the index of the current step in {@code ladder}
 * @param phase where the current step is
 * @param stepStartedAt when the current step started (for its time-out), or null
 * @param owner the identity of the healer that owns it
 * @param startedAt when it started
 * @param updatedAt when it last changed
 * @param fencedAt when the provider confirmed the machine fenced, or null: the only proof that lets workloads go
 * @param replacementId the new machine's id after a replace, or null
 * @param history finished steps, oldest first
 * @param message the latest human message
 * @param attempt the number of this remediation among the node's recent ones (1 for the first; gates limit it)
 * @param replacedAt when the replacement was asked for (the provider's call was made), or null: a new node that
 *        registered after it can be the replacement
 * @param evidence what the current step's success is judged against (its action time, the boot id before it, the
 *        start of the burn-in), or null before the step acts
 * @param unhealthySince when the node first became unhealthy in this failure, kept when the reason changes and
 *        across flaps; null in records written before it was kept
 * @param tried the non-destructive steps already tried for this failure by the remediations it continues (the node
 *        flapped after them): the ladder passes them by
 */
public record Remediation(String id, String node, String nodeUid, FailureClass failureClass, String component,
                          RemediationState state, List<String> ladder, int stepIndex, StepPhase phase,
                          Instant stepStartedAt, String owner, Instant startedAt, Instant updatedAt, Instant fencedAt,
                          String replacementId, List<StepRecord> history, String message, int attempt,
                          Instant replacedAt, StepEvidence evidence, Instant unhealthySince, List<String> tried) {

    /** Validates and copies. */
    public Remediation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(state, "state");
        ladder = List.copyOf(ladder);
        Objects.requireNonNull(phase, "phase");
        history = List.copyOf(history);
        tried = tried == null ? List.of() : List.copyOf(tried);
        message = Objects.requireNonNullElse(message, "");
        if (attempt < 1) {
            attempt = 1;
        }
        if (stepIndex < 0 || stepIndex > ladder.size()) {
            throw new IllegalArgumentException("stepIndex " + stepIndex + " outside ladder of " + ladder.size());
        }
    }

    /** A new PENDING remediation. */
    public static Remediation start(String id, String node, String nodeUid, FailureClass failureClass, String component,
                                    List<String> ladder, String owner, Instant now, String message) {
        return new Remediation(id, node, nodeUid, failureClass, component, RemediationState.PENDING, ladder, 0,
                StepPhase.READY, null, owner, now, now, null, null, List.of(), message, 1, null, null, now, List.of());
    }

    /** This remediation counted as the {@code n}-th recent one of its node. */
    public Remediation withAttempt(int n) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                owner, startedAt, updatedAt, fencedAt, replacementId, history, message, n, replacedAt, evidence, unhealthySince, tried);
    }

    /** The current step's name, when the ladder is not exhausted. */
    public Optional<String> currentStep() {
        return stepIndex < ladder.size() ? Optional.of(ladder.get(stepIndex)) : Optional.empty();
    }

    /** Whether a step with this name already finished (with any outcome). */
    public boolean hasRun(String step) {
        return history.stream().anyMatch(r -> r.step().equals(step));
    }

    /** When the last step that acted returned, or null when none did. */
    public Instant lastActedAt() {
        Instant last = null;
        for (StepRecord h : history) {
            if (h.actedAt() != null) {
                last = h.actedAt();
            }
        }
        return last;
    }

    /** Whether the machine was confirmed fenced. */
    public boolean isFenced() {
        return fencedAt != null;
    }

    /** Moves to another state through the transition table. */
    public Remediation moveTo(RemediationState next, Instant now, String msg) {
        return new Remediation(id, node, nodeUid, failureClass, component, state.moveTo(next), ladder, stepIndex, phase,
                stepStartedAt, owner, startedAt, now, fencedAt, replacementId, history, msg, attempt, replacedAt, evidence,
                unhealthySince, tried);
    }

    /** The current step entered another phase; acting starts its evidence afresh. */
    public Remediation phase(StepPhase next, Instant now) {
        Instant started = next == StepPhase.ACTING || stepStartedAt == null ? now : stepStartedAt;
        StepEvidence e = next == StepPhase.ACTING ? null : evidence;
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, next, started,
                owner, startedAt, now, fencedAt, replacementId, history, message, attempt, replacedAt, e, unhealthySince, tried);
    }

    /** The same remediation with the current step's evidence replaced (null: none). */
    public Remediation withEvidence(StepEvidence e, Instant now) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                owner, startedAt, now, fencedAt, replacementId, history, message, attempt, replacedAt, e, unhealthySince, tried);
    }

    /**
     * This new remediation as the continuation of a failure that began earlier: the node first became unhealthy at
     * {@code since}, and the non-destructive steps {@code alreadyTried} did not hold.
     */
    public Remediation continuing(Instant since, List<String> alreadyTried) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                owner, startedAt, updatedAt, fencedAt, replacementId, history, message, attempt, replacedAt, evidence, since,
                alreadyTried);
    }

    /** Whether the step of this name was tried for this failure by a remediation this one continues. */
    public boolean triedBefore(String step) {
        return tried.contains(step);
    }

    /** The current step finished; the ladder moves to the next step. */
    public Remediation stepFinished(String outcome, Instant now, String detail) {
        List<StepRecord> h = new ArrayList<>(history);
        h.add(new StepRecord(currentStep().orElse("?"), outcome, now, detail, evidence == null ? null : evidence.actedAt()));
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex + 1, StepPhase.READY,
                null, owner, startedAt, now, fencedAt, replacementId, h, detail, attempt, replacedAt, null, unhealthySince, tried);
    }

    /** Records the provider's confirmation that the machine is fenced. */
    public Remediation fenced(Instant at) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                owner, startedAt, at, at, replacementId, history, message, attempt, replacedAt, evidence, unhealthySince, tried);
    }

    /**
     * Records the replacement machine.
     *
     * @param machineId the new machine's id, or {@code "started"} when the provider did not name it
     * @param requestedAt when the replacement was asked for
     * @param now the current time
     */
    public Remediation replacedBy(String machineId, Instant requestedAt, Instant now) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                owner, startedAt, now, fencedAt, machineId, history, message, attempt, requestedAt, evidence, unhealthySince,
                tried);
    }

    /** The same remediation owned by another healer (after a leader change). */
    public Remediation ownedBy(String newOwner, Instant now) {
        return new Remediation(id, node, nodeUid, failureClass, component, state, ladder, stepIndex, phase, stepStartedAt,
                newOwner, startedAt, now, fencedAt, replacementId, history, message, attempt, replacedAt, evidence,
                unhealthySince, tried);
    }
}
