package dev.selfheal.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Thresholds of the built-in health checks.
 *
 * @param notReadyAfter Ready False/Unknown this long makes a node unhealthy (default 40 s)
 * @param heartbeatLostAfter a node Lease not renewed this long makes a node unhealthy (default 40 s; Kubernetes waits 50 s)
 * @param startupTimeout a node that never became Ready this long after registering is unhealthy (default 10 min)
 * @param conditionAfter a problem condition True this long makes a node unhealthy (default 60 s)
 * @param problemConditions node condition types that mean a problem when True
 * @param agentSilentAfter an agent Lease not renewed this long means the agent is silent (default 20 s, at least 4 s: two heartbeats)
 * @param machineUnansweredAfter a provider not answering this long counts as evidence (default 60 s)
 * @param crashLoopRestarts restarts of a CrashLoopBackOff container that make its pod unhealthy (default 5)
 * @param stuckTerminatingAfter a pod Terminating this long on a node that is not Ready is stuck (default 60 s)
 */
public record CheckSettings(Duration notReadyAfter, Duration heartbeatLostAfter, Duration startupTimeout,
                            Duration conditionAfter, List<String> problemConditions, Duration agentSilentAfter,
                            Duration machineUnansweredAfter, int crashLoopRestarts, Duration stuckTerminatingAfter) {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** Validates every field. */
    public CheckSettings {
        Validate.duration("checks.notReadyAfter", notReadyAfter, MIN, DAY);
        Validate.duration("checks.heartbeatLostAfter", heartbeatLostAfter, MIN, DAY);
        Validate.duration("checks.startupTimeout", startupTimeout, Duration.ofSeconds(10), DAY);
        Validate.duration("checks.conditionAfter", conditionAfter, Duration.ZERO, DAY);
        if (problemConditions == null) {
            throw new InvalidConfigException("checks.problemConditions", "is required (a list of condition types, may be empty)");
        }
        problemConditions = List.copyOf(problemConditions);
        for (String c : problemConditions) {
            Validate.text("checks.problemConditions", c, "[A-Za-z][A-Za-z0-9]*", "CamelCase condition types such as KernelDeadlock");
        }
        Validate.duration("checks.agentSilentAfter", agentSilentAfter, Duration.ofSeconds(4), DAY);
        Validate.duration("checks.machineUnansweredAfter", machineUnansweredAfter, Duration.ZERO, DAY);
        Validate.range("checks.crashLoopRestarts", crashLoopRestarts, 1, 10_000);
        Validate.duration("checks.stuckTerminatingAfter", stuckTerminatingAfter, MIN, DAY);
    }

    /** Production defaults. */
    public static CheckSettings defaults() {
        return new CheckSettings(Duration.ofSeconds(40), Duration.ofSeconds(40), Duration.ofMinutes(10),
                Duration.ofSeconds(60), List.of("KernelDeadlock", "ReadonlyFilesystem", "DiskPressure", "NetworkUnavailable",
                "FrequentKubeletRestart", "FrequentContainerdRestart"), Duration.ofSeconds(20), Duration.ofSeconds(60), 5,
                Duration.ofSeconds(60));
    }

    /** These settings with both node thresholds (not-ready and heartbeat-lost) set to {@code d}. */
    public CheckSettings withNodeThreshold(Duration d) {
        return new CheckSettings(d, d, startupTimeout, conditionAfter, problemConditions, agentSilentAfter,
                machineUnansweredAfter, crashLoopRestarts, stuckTerminatingAfter);
    }
}
