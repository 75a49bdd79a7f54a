package dev.selfheal.core.engine;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything the engine keeps about one node, in one place: its record as last persisted, whether work for it is
 * in flight, its backoff after an error, and what was last told about it. Used from the decision thread only.
 */
final class NodeState {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    final String node;
    Stored stored;
    Remediation pending;
    boolean busy;
    Instant retryAfter;
    int failures;
    Decision.Save unsaved;
    String lastBlocked;
    String lastStall;
    String lastRefusal;
    String lastHeld;
    FailureClass lastDiagnosed;

    NodeState(String node) {
        this.node = node;
    }

    /** Whether a remediation is in progress, or being started. */
    boolean active() {
        return pending != null || stored != null && !stored.remediation().state().isFinal();
    }

    /** The remediation in progress or being started, if any. */
    Optional<Remediation> activeRemediation() {
        if (pending != null) {
            return Optional.of(pending);
        }
        return Optional.ofNullable(stored).map(Stored::remediation).filter(r -> !r.state().isFinal());
    }

    /** Whether this node waits out a backoff at {@code now}. */
    boolean backingOff(Instant now) {
        return retryAfter != null && now.isBefore(retryAfter);
    }

    /** Notes a failure; returns when to try again. */
    Instant failed(Instant now) {
        failures++;
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(6, failures - 1));
        retryAfter = now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
        return retryAfter;
    }

    /** Notes a success. */
    void succeeded() {
        failures = 0;
        retryAfter = null;
        unsaved = null;
        lastStall = null;
    }

    /** Whether nothing is worth keeping (no record, nothing in flight or remembered). */
    boolean forgettable() {
        return stored == null && pending == null && !busy && retryAfter == null && lastDiagnosed == null;
    }
}
