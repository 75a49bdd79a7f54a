package dev.selfheal.agent.supervise;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.probe.ProbeSpec;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.protocol.Component;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One component the agent keeps running on its node.
 *
 * @param component which Kubernetes component this is
 * @param runtime how it runs
 * @param command a PROCESS started from the configuration itself: executable and arguments (else empty)
 * @param env extra environment of an inline PROCESS
 * @param workDir working directory of an inline PROCESS, or null
 * @param manifest the file describing how to run it, which the agent checkpoints and restores: a process
 *                 manifest (PROCESS), a Pod (STATIC_POD, in the kubelet's manifest directory) or a unit file
 *                 (SYSTEMD); null when the component has none
 * @param unit the systemd unit (SYSTEMD), else null
 * @param probe what healthy means
 * @param restart restart backoff, budget and mode
 * @param startupGrace after a start, failed probes do not count for this long (a process that exits does)
 * @param failureThreshold consecutive failed probes that make the component unhealthy
 * @param reportAfter how long it must stay unhealthy before the agent sets its node condition
 * @param checkpoint whether to keep checkpoints of its manifest
 * @param restoreFromCheckpoint whether to roll its manifest back to the last checkpoint when it stays unhealthy
 *                              past the checkpoint settings' {@code restoreAfter}
 * @param kubeletGrace a STATIC_POD whose manifest is in place is left this long to the kubelet, which restarts its
 *                     crashed containers by itself, before the agent restarts it (moving its manifest away and back
 *                     makes a new pod, slower than the kubelet's own restart); zero for the other runtimes
 */
public record ComponentSpec(Component component, RuntimeKind runtime, List<String> command, Map<String, String> env,
                            Path workDir, Path manifest, String unit, ProbeSpec probe, RestartPolicy restart,
                            Duration startupGrace, int failureThreshold, Duration reportAfter, boolean checkpoint,
                            boolean restoreFromCheckpoint, Duration kubeletGrace) {

    /** The default {@code kubeletGrace} of a static pod. */
    public static final Duration DEFAULT_KUBELET_GRACE = Duration.ofSeconds(30);

    /** Copies collections and checks what the runtime needs. */
    public ComponentSpec {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(startupGrace, "startupGrace");
        Objects.requireNonNull(reportAfter, "reportAfter");
        Objects.requireNonNull(kubeletGrace, "kubeletGrace");
        if (runtime != RuntimeKind.STATIC_POD && !kubeletGrace.isZero()) {
            throw new AgentConfigException("kubeletGrace", "is allowed only for runtime static-pod (component "
                    + component.id() + ")");
        }
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        String problem = runtimeProblem(runtime, command, manifest, unit);
        if (problem != null) {
            throw new AgentConfigException(problem.substring(0, problem.indexOf(':')),
                    problem.substring(problem.indexOf(':') + 2) + " (component " + component.id() + ")");
        }
        if (failureThreshold < 1 || failureThreshold > 100) {
            throw new AgentConfigException("failureThreshold", failureThreshold
                    + " is out of range; allowed range 1 to 100");
        }
        if (manifest == null && (checkpoint || restoreFromCheckpoint)) {
            throw new AgentConfigException("checkpoint", "needs a manifest to checkpoint (component " + component.id() + ")");
        }
    }

    /** The component's id, as in the configuration and restart requests. */
    public String id() {
        return component.id();
    }

    private static String runtimeProblem(RuntimeKind runtime, List<String> command, Path manifest, String unit) {
        return switch (runtime) {
            case PROCESS -> command.isEmpty() == (manifest == null)
                    ? "command: a process needs exactly one of command (inline) or manifest (a process manifest file)" : null;
            case SYSTEMD -> unit == null || unit.isBlank() ? "unit: is required for runtime systemd, such as kubelet.service"
                    : !command.isEmpty() ? "command: is not allowed for runtime systemd (the unit says how to run it)" : null;
            case STATIC_POD -> manifest == null ? "manifest: is required for runtime static-pod (the Pod manifest file)"
                    : !command.isEmpty() ? "command: is not allowed for runtime static-pod (the Pod says how to run it)" : null;
        };
    }
}
