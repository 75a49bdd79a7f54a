package dev.selfheal.core.engine;

import dev.selfheal.core.recovery.RecoveryStep;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.StepGateDecision;
import java.time.Instant;
import java.util.List;

/**
 * What the decision thread decided for one node; the engine carries it out off the decision thread, so each
 * transition is persisted exactly once, before anything is told or done.
 */
sealed interface Decision {

    /** Nothing to do until {@code at} (null: until something changes). */
    record Wait(Instant at) implements Decision {
    }

    /** Persist {@code next} (conditional on the version decided on), then tell the notices. */
    record Save(Remediation next, List<Notice> notices) implements Decision {
        public Save {
            notices = List.copyOf(notices);
        }
    }

    /** Persist {@code acting} (the step ACTING), tell the notices, then run the step's action within its limit. */
    record Act(Remediation acting, RecoveryStep step, StepView view, List<Notice> notices) implements Decision {
        public Act {
            notices = List.copyOf(notices);
        }
    }

    /**
     * A step gate holds the next step: nothing to save; tell the gate's reason (once per reason) and look again at
     * {@code gate.until()} or on the next change.
     */
    record Hold(String node, String remediationId, StepGateDecision gate) implements Decision {
    }

    /** Remove the out-of-service taint and Selfheal's fenced taint from a node that is healthy again. */
    record Untaint(String node) implements Decision {
    }

    /** Delete a finished record kept longer than {@code recovery.retention}. */
    record Expire(String node) implements Decision {
    }

    /** Nothing to do until something changes. */
    static Decision idle() {
        return new Wait(null);
    }
}
