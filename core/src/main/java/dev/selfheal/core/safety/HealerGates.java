package dev.selfheal.core.safety;

import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.FailureClass;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The healer's gates in the healer's order, built from its configuration: the one place that list is written, so a
 * tool that explains or dry-runs a configuration asks the very gates the healer asks.
 */
public final class HealerGates {

    private HealerGates() {
    }

    /** The storm gate of these settings (its state is restored by the caller). */
    public static StormGate storm(GateSettings gates) {
        return new StormGate(gates.maxUnhealthy(), gates.stormCooldown(), gates.domainStorm());
    }

    /**
     * The chain: pause, exclusion, machine reference, storm, concurrency, node attempts, control plane, dry-run.
     *
     * @param config the configuration
     * @param paused whether Selfheal is paused now
     * @param storm the storm gate (see {@link #storm})
     * @param ladders the ladder of each failure class (for the dry-run plan)
     */
    public static GateChain chain(SelfhealConfig config, BooleanSupplier paused, StormGate storm,
                                  Function<FailureClass, List<String>> ladders) {
        GateSettings g = config.gates();
        return new GateChain(List.of(new PauseGate(paused), new ExclusionGate(g.excludeLabel()), new MachineReferenceGate(),
                storm, new ConcurrencyGate(g.maxConcurrent()),
                new NodeAttemptsGate(g.maxAttempts(), g.attemptWindow(), g.backoff(), g.flapWindow()), new ControlPlaneGate(g.controlPlane()),
                new DryRunGate(config.dryRun(), ladders)));
    }

    /**
     * The gates asked before each step acts: reboot before replace (on control-plane nodes), the agent first (for
     * control-plane components), the etcd quorum.
     */
    public static StepGateChain steps(SelfhealConfig config) {
        var cp = config.gates().controlPlane();
        return new StepGateChain(List.of(new RebootBeforeReplaceGate(cp), new AgentFirstGate(cp), new EtcdQuorumGate(cp)));
    }
}
