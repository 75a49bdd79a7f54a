package dev.selfheal.core.safety;

import dev.selfheal.core.diagnosis.FailureClass;
import java.util.List;
import java.util.function.Function;

/**
 * In a dry run nothing starts: the last gate denies every remediation that all other gates allowed, naming what
 * would have run, so the plan is told as an Event and nothing is written or done.
 */
public final class DryRunGate implements Gate {

    /** The gate's name, as in {@link GateDecision#gate()}. */
    public static final String NAME = "dry-run";

    private final boolean dryRun;
    private final Function<FailureClass, List<String>> ladders;

    /**
     * @param dryRun whether this is a dry run
     * @param ladders the ladder of each failure class, for the plan
     */
    public DryRunGate(boolean dryRun, Function<FailureClass, List<String>> ladders) {
        this.dryRun = dryRun;
        this.ladders = ladders;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        if (!dryRun) {
            return GateDecision.allow(name());
        }
        FailureClass c = input.diagnosis().failureClass();
        return GateDecision.deny(name(), "dry run: would remediate " + c + " with " + ladders.apply(c));
    }
}
