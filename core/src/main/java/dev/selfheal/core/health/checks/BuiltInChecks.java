package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.HealthCheck;
import java.util.List;

/**
 * Builds the built-in checks, lowest layer first: infrastructure ({@link MachineStatusCheck}), OS
 * ({@link NodeConditionCheck}), components ({@link NodeReadyCheck}, {@link NodeLeaseCheck},
 * {@link NodeStartupCheck}, {@link AgentReportCheck}) and pods ({@link StuckTerminatingPodsCheck},
 * {@link StatefulSetPodsHeldCheck}, {@link CrashLoopCheck}, {@link VolumeAttachmentHeldCheck}).
 */
public final class BuiltInChecks {

    private BuiltInChecks() {
    }

    /** The built-in checks with {@link BuiltInCheckParams#defaults()}. */
    public static List<HealthCheck> defaults() {
        return of(BuiltInCheckParams.defaults());
    }

    /**
     * The built-in checks with these parameters.
     *
     * @param p the parameters (already validated)
     * @return an immutable list, lowest layer first
     */
    public static List<HealthCheck> of(BuiltInCheckParams p) {
        return List.of(
                new MachineStatusCheck(p.machineUnansweredAfter()),
                new NodeConditionCheck(p.problemConditions(), p.conditionAfter()),
                new NodeReadyCheck(p.notReadyAfter()),
                new NodeLeaseCheck(p.heartbeatLostAfter()),
                new NodeStartupCheck(p.startupTimeout()),
                new AgentReportCheck(p.agentSilentAfter()),
                new StuckTerminatingPodsCheck(p.stuckTerminatingAfter(), p.maxListed()),
                new StatefulSetPodsHeldCheck(p.statefulPodsHeldAfter(), p.maxListed()),
                new CrashLoopCheck(p.crashLoopRestarts(), p.maxListed()),
                new VolumeAttachmentHeldCheck(p.volumeAttachmentHeldAfter(), p.maxListed()));
    }
}
