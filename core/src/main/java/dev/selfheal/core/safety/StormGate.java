package dev.selfheal.core.safety;

import dev.selfheal.core.config.MaxUnhealthy;
import java.time.Duration;
import java.time.Instant;

/**
 * Storm protection: when more nodes look unhealthy than {@code maxUnhealthy} allows, the cause is probably
 * not the nodes (a network partition, the healer's own view, a control-plane outage), so nothing new starts;
 * after the storm ends, nothing new starts for {@code cooldown} either. Its {@link StormState} is persisted by
 * the engine ({@link StormStateStore}) and {@link #restore restored} by a new leader before it starts anything.
 * Used from the healer's single decision thread.
 */
public final class StormGate implements Gate {

    private final MaxUnhealthy maxUnhealthy;
    private final Duration cooldown;
    private volatile StormState state = StormState.CALM;

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

    /** The state to persist. */
    public StormState state() {
        return state;
    }

    /** Takes over a persisted state (a new leader). */
    public void restore(StormState persisted) {
        this.state = persisted == null ? StormState.CALM : persisted;
    }

    /** Notes whether the cluster is in a storm now; returns the state afterwards. */
    public StormState observe(int unhealthy, int total, Instant now) {
        if (isStorm(unhealthy, total)) {
            StormState s = state;
            state = new StormState(s.since() != null && s.frozenAt(now) ? s.since() : now, now, now.plus(cooldown));
        }
        return state;
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        int total = input.snapshot().nodes().size();
        int limit = maxUnhealthy.limit(total);
        if (isStorm(input.unhealthyNodes(), total)) {
            observe(input.unhealthyNodes(), total, input.now());
            return GateDecision.deny(name(), input.unhealthyNodes() + " of " + total + " nodes look unhealthy, more than the "
                    + maxUnhealthy + " allowed (" + limit + "): not remediating during a storm (since " + state.since() + ")");
        }
        if (state.frozenAt(input.now())) {
            return GateDecision.deny(name(), "cooling down after a storm until " + state.cooldownUntil());
        }
        return GateDecision.allow(name());
    }
}
