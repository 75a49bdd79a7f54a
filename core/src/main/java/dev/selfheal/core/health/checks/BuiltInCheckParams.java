package dev.selfheal.core.health.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parameters of the built-in checks, immutable and validated as a whole: every bad value is reported at
 * once, each naming its parameter, the allowed range and the value given. Start from {@link #defaults()} or
 * {@link #builder()}.
 *
 * <table>
 *   <caption>Defaults and why</caption>
 *   <tr><th>parameter</th><th>default</th><th>range</th><th>why</th></tr>
 *   <tr><td>notReadyAfter</td><td>40 s</td><td>1 s - 24 h</td><td>counted from when Ready turned False or
 *       Unknown (which the controller-manager itself does only after its node monitor grace period, 50 s since
 *       Kubernetes 1.32): a blip of Ready never triggers anything</td></tr>
 *   <tr><td>heartbeatLostAfter</td><td>40 s</td><td>1 s - 24 h</td><td>the kubelet's Lease duration: four missed
 *       renewals (it renews every 10 s)</td></tr>
 *   <tr><td>startupTimeout</td><td>10 min</td><td>1 s - 24 h</td><td>Cluster API's MachineHealthCheck default
 *       node startup timeout; covers image pulls and CNI start on slow machines</td></tr>
 *   <tr><td>conditionAfter</td><td>60 s</td><td>0 s - 24 h</td><td>node-problem-detector reports every 30-60 s;
 *       a condition that survives a report is not a glitch</td></tr>
 *   <tr><td>problemConditions</td><td>KernelDeadlock, ReadonlyFilesystem, DiskPressure, NetworkUnavailable,
 *       FrequentKubeletRestart, FrequentContainerdRestart</td><td>0 - 64 types</td><td>what
 *       node-problem-detector and the kubelet set for broken OS state</td></tr>
 *   <tr><td>machineUnansweredAfter</td><td>60 s</td><td>0 s - 24 h</td><td>several retried provider calls</td></tr>
 *   <tr><td>agentSilentAfter</td><td>20 s</td><td>4 s - 24 h</td><td>twice the agent Lease duration (10 s),
 *       ten heartbeats (every 2 s)</td></tr>
 *   <tr><td>stuckTerminatingAfter</td><td>60 s</td><td>1 s - 24 h</td><td>past the default 30 s termination
 *       grace period plus a margin</td></tr>
 *   <tr><td>statefulPodsHeldAfter</td><td>60 s</td><td>1 s - 24 h</td><td>longer than the node thresholds, so
 *       the node's diagnosis comes first</td></tr>
 *   <tr><td>volumeAttachmentHeldAfter</td><td>60 s</td><td>1 s - 24 h</td><td>same as above</td></tr>
 *   <tr><td>crashLoopRestarts</td><td>5</td><td>1 - 10000</td><td>about 5 minutes of back-off</td></tr>
 *   <tr><td>maxListed</td><td>20</td><td>1 - 1000</td><td>keeps Events and logs short</td></tr>
 * </table>
 *
 * @param notReadyAfter see {@link NodeReadyCheck#unhealthyAfter()}
 * @param heartbeatLostAfter see {@link NodeLeaseCheck#unhealthyAfter()}
 * @param startupTimeout see {@link NodeStartupCheck#timeout()}
 * @param conditionAfter see {@link NodeConditionCheck#unhealthyAfter()}
 * @param problemConditions see {@link NodeConditionCheck#conditionTypes()}
 * @param machineUnansweredAfter see {@link MachineStatusCheck#unansweredAfter()}
 * @param agentSilentAfter see {@link AgentReportCheck#silentAfter()}
 * @param stuckTerminatingAfter see {@link StuckTerminatingPodsCheck#stuckAfter()}
 * @param statefulPodsHeldAfter see {@link StatefulSetPodsHeldCheck#heldAfter()}
 * @param volumeAttachmentHeldAfter see {@link VolumeAttachmentHeldCheck#heldAfter()}
 * @param crashLoopRestarts see {@link CrashLoopCheck#restartThreshold()}
 * @param maxListed how many pods or attachments the pod-layer checks name at most
 */
public record BuiltInCheckParams(Duration notReadyAfter, Duration heartbeatLostAfter, Duration startupTimeout,
                                 Duration conditionAfter, Set<String> problemConditions,
                                 Duration machineUnansweredAfter, Duration agentSilentAfter,
                                 Duration stuckTerminatingAfter, Duration statefulPodsHeldAfter,
                                 Duration volumeAttachmentHeldAfter, int crashLoopRestarts, int maxListed) {

    private static final BuiltInCheckParams DEFAULTS = new BuiltInCheckParams(Duration.ofSeconds(40),
            Duration.ofSeconds(40), Duration.ofMinutes(10), Duration.ofSeconds(60),
            NodeConditionCheck.DEFAULT_CONDITION_TYPES, Duration.ofSeconds(60), Duration.ofSeconds(20),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), 5, 20);

    /** Validates every parameter and reports all problems at once. */
    public BuiltInCheckParams {
        List<String> problems = new ArrayList<>();
        duration(problems, "notReadyAfter", notReadyAfter, Judging.MIN_THRESHOLD);
        duration(problems, "heartbeatLostAfter", heartbeatLostAfter, Judging.MIN_THRESHOLD);
        duration(problems, "startupTimeout", startupTimeout, Judging.MIN_THRESHOLD);
        duration(problems, "conditionAfter", conditionAfter, Duration.ZERO);
        add(problems, NodeConditionCheck.typesProblem("problemConditions", problemConditions));
        duration(problems, "machineUnansweredAfter", machineUnansweredAfter, Duration.ZERO);
        duration(problems, "agentSilentAfter", agentSilentAfter, AgentReportCheck.MIN_SILENT_AFTER);
        duration(problems, "stuckTerminatingAfter", stuckTerminatingAfter, Judging.MIN_THRESHOLD);
        duration(problems, "statefulPodsHeldAfter", statefulPodsHeldAfter, Judging.MIN_THRESHOLD);
        duration(problems, "volumeAttachmentHeldAfter", volumeAttachmentHeldAfter, Judging.MIN_THRESHOLD);
        add(problems, Judging.intProblem("crashLoopRestarts", crashLoopRestarts, 1, 10_000));
        add(problems, Judging.intProblem("maxListed", maxListed, 1, Judging.MAX_LISTED_LIMIT));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid built-in check parameters: " + String.join("; ", problems));
        }
        problemConditions = Set.copyOf(problemConditions);
    }

    /** The production defaults (see the table above). */
    public static BuiltInCheckParams defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void duration(List<String> problems, String name, Duration value, Duration min) {
        add(problems, Judging.durationProblem(name, value, min, Judging.MAX_THRESHOLD));
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** Collects parameters; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private Duration notReadyAfter;
        private Duration heartbeatLostAfter;
        private Duration startupTimeout;
        private Duration conditionAfter;
        private Set<String> problemConditions;
        private Duration machineUnansweredAfter;
        private Duration agentSilentAfter;
        private Duration stuckTerminatingAfter;
        private Duration statefulPodsHeldAfter;
        private Duration volumeAttachmentHeldAfter;
        private int crashLoopRestarts;
        private int maxListed;

        private Builder(BuiltInCheckParams p) {
            notReadyAfter = p.notReadyAfter;
            heartbeatLostAfter = p.heartbeatLostAfter;
            startupTimeout = p.startupTimeout;
            conditionAfter = p.conditionAfter;
            problemConditions = p.problemConditions;
            machineUnansweredAfter = p.machineUnansweredAfter;
            agentSilentAfter = p.agentSilentAfter;
            stuckTerminatingAfter = p.stuckTerminatingAfter;
            statefulPodsHeldAfter = p.statefulPodsHeldAfter;
            volumeAttachmentHeldAfter = p.volumeAttachmentHeldAfter;
            crashLoopRestarts = p.crashLoopRestarts;
            maxListed = p.maxListed;
        }

        /** Sets {@code notReadyAfter}. */
        public Builder notReadyAfter(Duration d) {
            notReadyAfter = d;
            return this;
        }

        /** Sets {@code heartbeatLostAfter}. */
        public Builder heartbeatLostAfter(Duration d) {
            heartbeatLostAfter = d;
            return this;
        }

        /** Sets {@code startupTimeout}. */
        public Builder startupTimeout(Duration d) {
            startupTimeout = d;
            return this;
        }

        /** Sets {@code conditionAfter}. */
        public Builder conditionAfter(Duration d) {
            conditionAfter = d;
            return this;
        }

        /** Sets {@code problemConditions}. */
        public Builder problemConditions(Set<String> types) {
            problemConditions = types;
            return this;
        }

        /** Sets {@code machineUnansweredAfter}. */
        public Builder machineUnansweredAfter(Duration d) {
            machineUnansweredAfter = d;
            return this;
        }

        /** Sets {@code agentSilentAfter}. */
        public Builder agentSilentAfter(Duration d) {
            agentSilentAfter = d;
            return this;
        }

        /** Sets {@code stuckTerminatingAfter}. */
        public Builder stuckTerminatingAfter(Duration d) {
            stuckTerminatingAfter = d;
            return this;
        }

        /** Sets {@code statefulPodsHeldAfter}. */
        public Builder statefulPodsHeldAfter(Duration d) {
            statefulPodsHeldAfter = d;
            return this;
        }

        /** Sets {@code volumeAttachmentHeldAfter}. */
        public Builder volumeAttachmentHeldAfter(Duration d) {
            volumeAttachmentHeldAfter = d;
            return this;
        }

        /** Sets {@code crashLoopRestarts}. */
        public Builder crashLoopRestarts(int n) {
            crashLoopRestarts = n;
            return this;
        }

        /** Sets {@code maxListed}. */
        public Builder maxListed(int n) {
            maxListed = n;
            return this;
        }

        /** Validates everything at once and builds. */
        public BuiltInCheckParams build() {
            return new BuiltInCheckParams(notReadyAfter, heartbeatLostAfter, startupTimeout, conditionAfter,
                    problemConditions, machineUnansweredAfter, agentSilentAfter, stuckTerminatingAfter,
                    statefulPodsHeldAfter, volumeAttachmentHeldAfter, crashLoopRestarts, maxListed);
        }
    }
}
