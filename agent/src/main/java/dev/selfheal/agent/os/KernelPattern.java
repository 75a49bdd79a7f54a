package dev.selfheal.agent.os;

import dev.selfheal.agent.config.AgentConfigException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kernel log line that means a permanent problem, node-problem-detector style: when a line matches, the
 * condition {@code condition} turns True with {@code reason}.
 *
 * @param condition the node condition type, such as {@code KernelDeadlock}
 * @param reason the condition reason, such as {@code TaskHung}
 * @param pattern the regular expression searched in each kernel log line
 */
public record KernelPattern(String condition, String reason, Pattern pattern) {

    /** The patterns of node-problem-detector's kernel monitor for permanent problems. */
    public static final List<KernelPattern> DEFAULTS = List.of(
            new KernelPattern("KernelDeadlock", "DockerHung", Pattern.compile("task docker:\\w+ blocked for more than \\w+ seconds\\.")),
            new KernelPattern("KernelDeadlock", "TaskHung", Pattern.compile("task \\S+:\\w+ blocked for more than \\w+ seconds\\.")),
            new KernelPattern("KernelDeadlock", "AUFSUmountHung", Pattern.compile("task umount\\.aufs:\\w+ blocked for more than \\w+ seconds\\.")),
            new KernelPattern("ReadonlyFilesystem", "FilesystemIsReadOnly", Pattern.compile("Remounting filesystem read-only")));

    /** Validates. */
    public KernelPattern {
        Objects.requireNonNull(pattern, "pattern");
        if (condition == null || !condition.matches("[A-Z][A-Za-z0-9]*")) {
            throw new AgentConfigException("os.kernelPatterns.condition", "'" + condition
                    + "' is not allowed; allowed: a CamelCase condition type such as KernelDeadlock");
        }
        if (reason == null || !reason.matches("[A-Z][A-Za-z0-9]*")) {
            throw new AgentConfigException("os.kernelPatterns.reason", "'" + reason
                    + "' is not allowed; allowed: a CamelCase reason such as TaskHung");
        }
    }
}
