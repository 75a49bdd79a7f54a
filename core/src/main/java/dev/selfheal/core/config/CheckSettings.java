package dev.selfheal.core.config;

import dev.selfheal.core.health.checks.BuiltInCheckParams;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Thresholds of the built-in health checks, as configured (section {@code checks}). Their defaults are
 * {@link BuiltInCheckParams#defaults()}, the one place that says why each default is what it is; this record
 * adds the configuration view: errors name the {@code checks.*} field and its allowed range.
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
 * @param statefulPodsHeldAfter a StatefulSet pod on a node that is not Ready this long is held (default 60 s)
 * @param volumeAttachmentHeldAfter a VolumeAttachment to a node that is not Ready this long is held (default 60 s)
 * @param maxListed how many pods or attachments one pod-layer finding names at most (default 20)
 */
public record CheckSettings(Duration notReadyAfter, Duration heartbeatLostAfter, Duration startupTimeout,
                            Duration conditionAfter, List<String> problemConditions, Duration agentSilentAfter,
                            Duration machineUnansweredAfter, int crashLoopRestarts, Duration stuckTerminatingAfter,
                            Duration statefulPodsHeldAfter, Duration volumeAttachmentHeldAfter, int maxListed) {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final CheckSettings DEFAULTS = of(BuiltInCheckParams.defaults());

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
        Validate.duration("checks.statefulPodsHeldAfter", statefulPodsHeldAfter, MIN, DAY);
        Validate.duration("checks.volumeAttachmentHeldAfter", volumeAttachmentHeldAfter, MIN, DAY);
        Validate.range("checks.maxListed", maxListed, 1, 1000);
        try {
            params(notReadyAfter, heartbeatLostAfter, startupTimeout, conditionAfter, problemConditions, agentSilentAfter,
                    machineUnansweredAfter, crashLoopRestarts, stuckTerminatingAfter, statefulPodsHeldAfter,
                    volumeAttachmentHeldAfter, maxListed);
        } catch (IllegalArgumentException e) { // what only the checks know, such as the condition types they judge elsewhere
            throw new InvalidConfigException("checks", e.getMessage());
        }
    }

    /** Production defaults: {@link BuiltInCheckParams#defaults()}. */
    public static CheckSettings defaults() {
        return DEFAULTS;
    }

    /** The settings that configure the built-in checks with {@code p}. */
    public static CheckSettings of(BuiltInCheckParams p) {
        return new CheckSettings(p.notReadyAfter(), p.heartbeatLostAfter(), p.startupTimeout(), p.conditionAfter(),
                p.problemConditions().stream().sorted().toList(), p.agentSilentAfter(), p.machineUnansweredAfter(),
                p.crashLoopRestarts(), p.stuckTerminatingAfter(), p.statefulPodsHeldAfter(), p.volumeAttachmentHeldAfter(),
                p.maxListed());
    }

    /** The parameters of the built-in checks these settings configure. */
    public BuiltInCheckParams toParams() {
        return params(notReadyAfter, heartbeatLostAfter, startupTimeout, conditionAfter, problemConditions, agentSilentAfter,
                machineUnansweredAfter, crashLoopRestarts, stuckTerminatingAfter, statefulPodsHeldAfter,
                volumeAttachmentHeldAfter, maxListed);
    }

    private static BuiltInCheckParams params(Duration notReadyAfter, Duration heartbeatLostAfter, Duration startupTimeout,
                                             Duration conditionAfter, List<String> problemConditions, Duration agentSilentAfter,
                                             Duration machineUnansweredAfter, int crashLoopRestarts,
                                             Duration stuckTerminatingAfter, Duration statefulPodsHeldAfter,
                                             Duration volumeAttachmentHeldAfter, int maxListed) {
        return BuiltInCheckParams.builder().notReadyAfter(notReadyAfter).heartbeatLostAfter(heartbeatLostAfter)
                .startupTimeout(startupTimeout).conditionAfter(conditionAfter).problemConditions(Set.copyOf(problemConditions))
                .agentSilentAfter(agentSilentAfter).machineUnansweredAfter(machineUnansweredAfter)
                .crashLoopRestarts(crashLoopRestarts).stuckTerminatingAfter(stuckTerminatingAfter)
                .statefulPodsHeldAfter(statefulPodsHeldAfter).volumeAttachmentHeldAfter(volumeAttachmentHeldAfter)
                .maxListed(maxListed).build();
    }

    /** These settings with both node thresholds (not-ready and heartbeat-lost) set to {@code d}. */
    public CheckSettings withNodeThreshold(Duration d) {
        return of(toParams().toBuilder().notReadyAfter(d).heartbeatLostAfter(d).build());
    }
}
