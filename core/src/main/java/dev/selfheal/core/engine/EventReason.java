package dev.selfheal.core.engine;

/**
 * The reason of every Kubernetes Event (and log line) the healer posts about a node, as it appears in
 * {@code kubectl get events}. docs/configuration.md lists them with their meaning.
 */
public enum EventReason {
    /** The node's failure class was diagnosed (or changed). Warning. */
    Diagnosed(true),
    /** A remediation started (attempt, failure class, ladder). Warning. */
    RemediationStarted(true),
    /** A new leader took over a remediation in progress. */
    RemediationResumed(false),
    /** A gate refused to start a remediation (which gate and why). Warning. */
    RemediationBlocked(true),
    /** Dry run: what would have been done. */
    DryRunPlan(false),
    /** Handling this node met an error (an API write failed, a provider read timed out); retried with backoff. Warning. */
    RemediationStalled(true),
    /** A step began acting. */
    StepStarted(false),
    /** A step found interrupted by a healer restart: verified (destructive) or run again. */
    StepResumed(false),
    /** A step's action returned; its effect is being verified. */
    StepActed(false),
    /** A step reached its goal. */
    StepDone(false),
    /** The node showed evidence of health after a step; it must stay healthy for {@code recovery.burnIn}. */
    BurnInStarted(false),
    /** The node was healthy after a step (and stayed so through the burn-in). */
    StepHealed(false),
    /**
     * A step gate holds the next step (the etcd quorum, the agent's grace for a control-plane component): which gate,
     * which step and why. Told once per reason. Warning.
     */
    StepHeld(true),
    /** A step did not apply to this node (capability missing, precondition not met, passed by by a step gate). */
    StepSkipped(false),
    /** A step failed. Warning. */
    StepFailed(true),
    /** A step did not reach its goal within its limit. Warning. */
    StepTimedOut(true),
    /** The node is healthy again after the healer acted. */
    RemediationSucceeded(false),
    /** The node recovered on its own before any step acted. */
    RemediationCancelled(false),
    /** The remediation stopped for a person to look (a destructive step failed, or the ladder ran out). Warning. */
    RemediationFailed(true),
    /**
     * A failure domain (a value of {@code gates.domainStorm.label}, such as a zone) went dark: more of its nodes look
     * unhealthy than {@code gates.domainStorm.maxUnhealthy} allows; none of its nodes is remediated until the storm
     * ends and the cooldown passes. Recorded on the domain's first unhealthy node. Warning.
     */
    DomainFrozen(true),
    /** A frozen failure domain's storm and cooldown ended; its nodes may be remediated again. */
    DomainThawed(false),
    /** The out-of-service and fenced taints were removed from a node that is healthy again. */
    OutOfServiceTaintRemoved(false);

    private final boolean warning;

    EventReason(boolean warning) {
        this.warning = warning;
    }

    /** Whether Events of this reason are of type Warning. */
    public boolean warning() {
        return warning;
    }
}
