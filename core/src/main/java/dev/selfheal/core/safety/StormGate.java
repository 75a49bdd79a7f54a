package dev.selfheal.core.safety;

import dev.selfheal.core.config.MaxUnhealthy;
import java.time.Duration;
import java.time.Instant;

/**
 * Storm protection: when more nodes look unhealthy than {@code maxUnhealthy} allows, the cause is probably
 * not the nodes (a network partition, the healer's own view, a control-plane outage), so nothing new starts;
 * after the storm ends, nothing new starts for {@code cooldown} either. Remembers when the last storm ended;
 * used from the healer's single decision thread.
 */
public final class StormGate implements Gate {

    private final MaxUnhealthy maxUnhealthy;
    private final Duration cooldown;
    private Instant lastStormSeen;

    /**
     * @param maxUnhealthy the limit
     * @param cooldown the quiet time after a storm
     */
    public StormGate(MaxUnhealthy maxUnhealthy, Duration cooldown) {
        this.maxUnhealthy = maxUnhealthy;
        this.cooldown = cooldown;
    }

    @Override
    public String name() {
        return "max-unhealthy";
    }

    /** Whether {@code unhealthy} of {@code total} nodes is a storm. */
    public boolean isStorm(int unhealthy, int total) {
        return unhealthy > maxUnhealthy.limit(total);
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        int total = input.snapshot().nodes().size();
        int limit = maxUnhealthy.limit(total);
        if (isStorm(input.unhealthyNodes(), total)) {
            lastStormSeen = input.now();
            return GateDecision.deny(name(), input.unhealthyNodes() + " of " + total + " nodes look unhealthy, more than the "
                    + maxUnhealthy + " allowed (" + limit + "): not remediating during a storm");
        }
        if (lastStormSeen != null && input.now().isBefore(lastStormSeen.plus(cooldown))) {
            return GateDecision.deny(name(), "cooling down after a storm until " + lastStormSeen.plus(cooldown));
        }
        return GateDecision.allow(name());
    }
}
