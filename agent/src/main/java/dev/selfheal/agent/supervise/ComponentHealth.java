package dev.selfheal.agent.supervise;

import java.time.Instant;

/**
 * What the agent knows of one component now.
 *
 * @param component the component id
 * @param state healthy, unhealthy, or not yet known (before the first probe, or during its start-up grace)
 * @param since when it entered that state
 * @param detail the last probe's or runtime's words
 * @param restartsInWindow restarts within the restart policy's window
 * @param lastRestart the last restart or start by the agent, or null
 * @param escalated whether the agent gave up restarting and escalated to the cluster healer
 * @param restartsTotal every restart (and roll-back) by the agent since it started, the first start excluded
 * @param escalationsTotal how often it escalated to the cluster healer since the agent started
 */
public record ComponentHealth(String component, State state, Instant since, String detail, int restartsInWindow,
                              Instant lastRestart, boolean escalated, long restartsTotal, long escalationsTotal) {

    /** Health as the agent judges it. */
    public enum State {
        /** Not probed yet, or starting. */
        UNKNOWN,
        /** The probe passes. */
        HEALTHY,
        /** The probe failed {@code failureThreshold} times, or the component does not run. */
        UNHEALTHY
    }

    /** Whether it is healthy. */
    public boolean healthy() {
        return state == State.HEALTHY;
    }
}
