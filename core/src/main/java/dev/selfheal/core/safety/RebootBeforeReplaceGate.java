package dev.selfheal.core.safety;

import dev.selfheal.core.config.ControlPlaneSettings;
import dev.selfheal.core.remediation.Remediation;
import java.util.Set;

/**
 * A control-plane node is rebooted before it is replaced: on a node of {@code gates.controlPlane.nodeSelector},
 * {@code replace} and {@code remove-node} act only after this remediation (or the one it continues after a flap)
 * went through {@code reboot} (acted, failed, or did not apply). A ladder that puts them first, or has no reboot,
 * has them passed by, so the remediation ends for a person rather than a control-plane machine rebuilt untried.
 */
public final class RebootBeforeReplaceGate implements StepGate {

    /** This gate's name. */
    public static final String NAME = "reboot-before-replace";

    private static final Set<String> GUARDED = Set.of("replace", "remove-node");

    private final ControlPlaneSettings settings;

    /** @param settings the control-plane rules */
    public RebootBeforeReplaceGate(ControlPlaneSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepGateDecision evaluate(StepGateInput in) {
        boolean controlPlane = in.node().map(n -> settings.nodeSelector().matches(n.labels())).orElse(false);
        if (!controlPlane || !GUARDED.contains(in.step()) || rebooted(in.remediation())) {
            return StepGateDecision.act(NAME);
        }
        return StepGateDecision.passBy(NAME, "refusing " + in.step() + " of control-plane node " + in.remediation().node()
                + ": a control-plane node is rebooted before it is replaced, and this ladder has not gone through reboot");
    }

    private static boolean rebooted(Remediation r) {
        return r.history().stream().anyMatch(h -> "reboot".equals(h.step())) || r.tried().contains("reboot");
    }
}
