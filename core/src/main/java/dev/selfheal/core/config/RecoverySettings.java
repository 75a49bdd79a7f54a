package dev.selfheal.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The recovery ladders and their steps' time limits.
 *
 * @param stepTimeouts time limit per step name, from the start of its action to its success check (a step not listed
 *        uses {@code defaultStepTimeout}); the default for {@code replace} (40 min) covers the slowest provider's own
 *        replace limit (a vSphere clone, 30 min) plus the new node registering
 * @param defaultStepTimeout time limit of a step with no entry (default 5 min)
 * @param ladders the ladder (step names, in order) per failure class name; a class not listed uses the built-in ladder
 * @param releaseMode how a fenced node's workloads are released (default AUTO)
 * @param retention how long a finished remediation record is kept (default 1 h)
 * @param replaceWithLocalVolumes whether the {@code replace} step may replace the machine of a node that holds
 *        claimed node-local PersistentVolumes, destroying their data (default false: the remediation stops at
 *        {@code replace}, the node stays fenced and its other workloads released, for a person to decide)
 * @param burnIn how long a node must stay healthy, after the evidence that a step healed it, before the remediation
 *        succeeds and the out-of-service taint comes off (default 60 s; {@code 0s}: at once); a node that fails
 *        within it fails the step, and the ladder goes on
 */
public record RecoverySettings(Map<String, Duration> stepTimeouts, Duration defaultStepTimeout,
                               Map<String, List<String>> ladders, ReleaseMode releaseMode, Duration retention,
                               boolean replaceWithLocalVolumes, Duration burnIn) {

    /** The default burn-in. */
    public static final Duration DEFAULT_BURN_IN = Duration.ofSeconds(60);

    /** Settings that never replace the machine of a node holding local volumes, with the default burn-in. */
    public RecoverySettings(Map<String, Duration> stepTimeouts, Duration defaultStepTimeout,
                            Map<String, List<String>> ladders, ReleaseMode releaseMode, Duration retention) {
        this(stepTimeouts, defaultStepTimeout, ladders, releaseMode, retention, false);
    }

    /** Settings with the default burn-in. */
    public RecoverySettings(Map<String, Duration> stepTimeouts, Duration defaultStepTimeout,
                            Map<String, List<String>> ladders, ReleaseMode releaseMode, Duration retention,
                            boolean replaceWithLocalVolumes) {
        this(stepTimeouts, defaultStepTimeout, ladders, releaseMode, retention, replaceWithLocalVolumes, DEFAULT_BURN_IN);
    }

    /** Validates every field. */
    public RecoverySettings {
        stepTimeouts = Map.copyOf(stepTimeouts);
        stepTimeouts.forEach((k, v) -> Validate.duration("recovery.stepTimeouts." + k, v, Duration.ofSeconds(1), Duration.ofHours(6)));
        Validate.duration("recovery.defaultStepTimeout", defaultStepTimeout, Duration.ofSeconds(1), Duration.ofHours(6));
        ladders = Map.copyOf(ladders);
        ladders.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                throw new InvalidConfigException("recovery.ladders." + k, "must list at least one step");
            }
        });
        ladders = ladders.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        if (releaseMode == null) {
            throw new InvalidConfigException("recovery.releaseMode", "is required; allowed: AUTO, OUT_OF_SERVICE_TAINT, FORCE_DELETE");
        }
        Validate.duration("recovery.retention", retention, Duration.ZERO, Duration.ofDays(30));
        Validate.duration("recovery.burnIn", burnIn, Duration.ZERO, Duration.ofHours(1));
    }

    /** Production defaults. */
    public static RecoverySettings defaults() {
        return new RecoverySettings(Map.of("restart-component", Duration.ofSeconds(60), "reboot", Duration.ofMinutes(5),
                "fence", Duration.ofMinutes(5), "release", Duration.ofMinutes(2), "power-on", Duration.ofMinutes(5),
                "replace", Duration.ofMinutes(40), "remove-node", Duration.ofMinutes(15), "delete-pod", Duration.ofMinutes(2)),
                Duration.ofMinutes(5), Map.of(), ReleaseMode.AUTO, Duration.ofHours(1));
    }

    /** The time limit of a step. */
    public Duration timeout(String step) {
        return stepTimeouts.getOrDefault(step, defaultStepTimeout);
    }

    /** These settings with one step's time limit changed. */
    public RecoverySettings withStepTimeout(String step, Duration timeout) {
        Map<String, Duration> m = new java.util.HashMap<>(stepTimeouts);
        m.put(step, timeout);
        return new RecoverySettings(m, defaultStepTimeout, ladders, releaseMode, retention, replaceWithLocalVolumes, burnIn);
    }

    /** These settings with one ladder replaced. */
    public RecoverySettings withLadder(String failureClass, List<String> steps) {
        Map<String, List<String>> m = new java.util.HashMap<>(ladders);
        m.put(failureClass, steps);
        return new RecoverySettings(stepTimeouts, defaultStepTimeout, m, releaseMode, retention, replaceWithLocalVolumes, burnIn);
    }

    /** These settings with another release mode. */
    public RecoverySettings withReleaseMode(ReleaseMode mode) {
        return new RecoverySettings(stepTimeouts, defaultStepTimeout, ladders, mode, retention, replaceWithLocalVolumes, burnIn);
    }

    /** These settings allowing, or not, the replacement of a machine whose node holds claimed local volumes. */
    public RecoverySettings withReplaceWithLocalVolumes(boolean allowed) {
        return new RecoverySettings(stepTimeouts, defaultStepTimeout, ladders, releaseMode, retention, allowed, burnIn);
    }

    /** These settings with another burn-in. */
    public RecoverySettings withBurnIn(Duration d) {
        return new RecoverySettings(stepTimeouts, defaultStepTimeout, ladders, releaseMode, retention, replaceWithLocalVolumes, d);
    }
}
