package dev.selfheal.core.recovery;

import dev.selfheal.core.config.InvalidConfigException;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.diagnosis.FailureClass;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The escalation ladder of each failure class: the built-in ones below, or those configured in
 * {@link RecoverySettings#ladders()}. Every step name is checked against the {@link StepRegistry} when the
 * catalog is built, so a typo fails at start-up, naming the ladder and the known steps.
 *
 * <table>
 *   <caption>Built-in ladders</caption>
 *   <tr><td>NODE_UNREACHABLE</td><td>restart-component, reboot, fence, release, replace, remove-node</td></tr>
 *   <tr><td>MACHINE_DOWN</td><td>fence, release, power-on, replace, remove-node</td></tr>
 *   <tr><td>MACHINE_IMPAIRED</td><td>reboot, fence, release, replace, remove-node</td></tr>
 *   <tr><td>OS_FAILURE</td><td>reboot, fence, release, replace, remove-node</td></tr>
 *   <tr><td>COMPONENT_FAILURE</td><td>restart-component, reboot, fence, release, replace, remove-node</td></tr>
 *   <tr><td>NODE_STARTUP_FAILURE</td><td>reboot, fence, replace, remove-node</td></tr>
 *   <tr><td>POD_FAILURE</td><td>delete-pod</td></tr>
 * </table>
 */
public final class LadderCatalog {

    private static final List<String> FULL = List.of(RestartComponentStep.NAME, RebootStep.NAME, FenceStep.NAME,
            ReleaseWorkloadsStep.NAME, ReplaceStep.NAME, RemoveNodeStep.NAME);

    private final Map<FailureClass, List<String>> ladders;

    private LadderCatalog(Map<FailureClass, List<String>> ladders) {
        this.ladders = Map.copyOf(ladders);
    }

    /** The built-in ladders. */
    public static Map<FailureClass, List<String>> defaults() {
        Map<FailureClass, List<String>> m = new EnumMap<>(FailureClass.class);
        m.put(FailureClass.NODE_UNREACHABLE, FULL);
        m.put(FailureClass.MACHINE_DOWN,
                List.of(FenceStep.NAME, ReleaseWorkloadsStep.NAME, PowerOnStep.NAME, ReplaceStep.NAME, RemoveNodeStep.NAME));
        m.put(FailureClass.MACHINE_IMPAIRED,
                List.of(RebootStep.NAME, FenceStep.NAME, ReleaseWorkloadsStep.NAME, ReplaceStep.NAME, RemoveNodeStep.NAME));
        m.put(FailureClass.OS_FAILURE,
                List.of(RebootStep.NAME, FenceStep.NAME, ReleaseWorkloadsStep.NAME, ReplaceStep.NAME, RemoveNodeStep.NAME));
        m.put(FailureClass.COMPONENT_FAILURE, FULL);
        m.put(FailureClass.NODE_STARTUP_FAILURE,
                List.of(RebootStep.NAME, FenceStep.NAME, ReplaceStep.NAME, RemoveNodeStep.NAME));
        m.put(FailureClass.POD_FAILURE, List.of(DeletePodStep.NAME));
        return m;
    }

    /**
     * The built-in ladders overridden by configured ones, validated against the registry.
     *
     * @throws InvalidConfigException naming the ladder when a class or step name is unknown, or the time limit
     *         of a step that does not exist (a misspelt name would otherwise be ignored)
     */
    public static LadderCatalog create(RecoverySettings settings, StepRegistry registry) {
        Map<FailureClass, List<String>> m = defaults();
        settings.ladders().forEach((cls, steps) -> {
            FailureClass fc;
            try {
                fc = FailureClass.valueOf(cls);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("recovery.ladders." + cls, "unknown failure class; allowed: "
                        + java.util.Arrays.toString(FailureClass.values()));
            }
            m.put(fc, steps);
        });
        m.forEach((fc, steps) -> steps.forEach(s -> {
            if (registry.step(s).isEmpty()) {
                throw new InvalidConfigException("recovery.ladders." + fc, "unknown step '" + s + "'; known steps: " + registry.names());
            }
        }));
        settings.stepTimeouts().keySet().stream().sorted().forEach(s -> {
            if (registry.step(s).isEmpty()) {
                throw new InvalidConfigException("recovery.stepTimeouts." + s, "unknown step; known steps: " + registry.names());
            }
        });
        return new LadderCatalog(m);
    }

    /** The ladder of a failure class. */
    public List<String> ladder(FailureClass failureClass) {
        return ladders.get(failureClass);
    }
}
