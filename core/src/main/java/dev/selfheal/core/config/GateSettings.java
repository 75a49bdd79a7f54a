package dev.selfheal.core.config;

import java.time.Duration;

/**
 * Safety gates checked before any action.
 *
 * @param maxUnhealthy above this many unhealthy nodes nothing new starts (storm protection; default 40%)
 * @param stormCooldown after a storm ends, wait this long before starting anything new (default 5 min)
 * @param maxConcurrent remediations running at once (default 2)
 * @param maxAttempts remediations of one node within {@code attemptWindow} before giving up on it (default 3)
 * @param attemptWindow the window for {@code maxAttempts} (default 1 h)
 * @param backoff the wait after a failed remediation of a node, doubled per failure (default 1 min)
 * @param excludeLabel nodes with this label or annotation set to {@code true} are never remediated
 * @param flapWindow a node that fails again after being healthy for less than this since its last remediation ended
 *        flaps: the new remediation is the same failure, keeps the time it first became unhealthy, goes on up the
 *        ladder past the steps that did not hold, and backs off as after a failure (default 10 min; {@code 0s}: off)
 * @param domainStorm storm protection per failure domain (a node label's values), or null for none (the default)
 * @param controlPlane the rules for control-plane nodes (null: {@link ControlPlaneSettings#defaults()})
 */
public record GateSettings(MaxUnhealthy maxUnhealthy, Duration stormCooldown, int maxConcurrent, int maxAttempts,
                           Duration attemptWindow, Duration backoff, String excludeLabel, Duration flapWindow,
                           DomainStormSettings domainStorm, ControlPlaneSettings controlPlane) {

    /** The default flap window. */
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofMinutes(10);

    /** Settings with the default rules for control-plane nodes. */
    public GateSettings(MaxUnhealthy maxUnhealthy, Duration stormCooldown, int maxConcurrent, int maxAttempts,
                        Duration attemptWindow, Duration backoff, String excludeLabel, Duration flapWindow,
                        DomainStormSettings domainStorm) {
        this(maxUnhealthy, stormCooldown, maxConcurrent, maxAttempts, attemptWindow, backoff, excludeLabel, flapWindow, domainStorm,
                null);
    }

    /** Settings with the default flap window and without storm protection per failure domain. */
    public GateSettings(MaxUnhealthy maxUnhealthy, Duration stormCooldown, int maxConcurrent, int maxAttempts,
                        Duration attemptWindow, Duration backoff, String excludeLabel) {
        this(maxUnhealthy, stormCooldown, maxConcurrent, maxAttempts, attemptWindow, backoff, excludeLabel, DEFAULT_FLAP_WINDOW,
                null);
    }

    /** Validates every field. */
    public GateSettings {
        if (maxUnhealthy == null) {
            throw new InvalidConfigException("gates.maxUnhealthy", "is required; allowed: a count or a percentage such as 40%");
        }
        Validate.duration("gates.stormCooldown", stormCooldown, Duration.ZERO, Duration.ofDays(1));
        Validate.range("gates.maxConcurrent", maxConcurrent, 1, 1000);
        Validate.range("gates.maxAttempts", maxAttempts, 1, 100);
        Validate.duration("gates.attemptWindow", attemptWindow, Duration.ofMinutes(1), Duration.ofDays(7));
        Validate.duration("gates.backoff", backoff, Duration.ZERO, Duration.ofDays(1));
        Validate.text("gates.excludeLabel", excludeLabel, "([a-z0-9.-]+/)?[A-Za-z0-9._-]+", "a label key such as selfheal.dev/exclude");
        Validate.duration("gates.flapWindow", flapWindow, Duration.ZERO, Duration.ofDays(1));
        controlPlane = controlPlane == null ? ControlPlaneSettings.defaults() : controlPlane;
    }

    /** These settings with another flap window. */
    public GateSettings withFlapWindow(Duration window) {
        return new GateSettings(maxUnhealthy, stormCooldown, maxConcurrent, maxAttempts, attemptWindow, backoff, excludeLabel,
                window, domainStorm, controlPlane);
    }

    /** The same settings with storm protection per failure domain (null: none). */
    public GateSettings withDomainStorm(DomainStormSettings d) {
        return new GateSettings(maxUnhealthy, stormCooldown, maxConcurrent, maxAttempts, attemptWindow, backoff, excludeLabel,
                flapWindow, d, controlPlane);
    }

    /** The same settings with other rules for control-plane nodes. */
    public GateSettings withControlPlane(ControlPlaneSettings c) {
        return new GateSettings(maxUnhealthy, stormCooldown, maxConcurrent, maxAttempts, attemptWindow, backoff, excludeLabel,
                flapWindow, domainStorm, c);
    }

    /** Production defaults. */
    public static GateSettings defaults() {
        return new GateSettings(MaxUnhealthy.parse("40%"), Duration.ofMinutes(5), 2, 3, Duration.ofHours(1),
                Duration.ofMinutes(1), "selfheal.dev/exclude");
    }
}
