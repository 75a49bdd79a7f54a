package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.MachineView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.spi.PowerState;
import java.time.Duration;
import java.time.Instant;

/**
 * The infrastructure provider's last answer about the node's machine ({@link ClusterSnapshot#machine}), first
 * rule that matches:
 * <ol>
 *   <li>no answer recorded: HEALTHY, no evidence (the provider is asked on demand, not for every node);</li>
 *   <li>power {@code GONE}: UNHEALTHY {@link Symptom#MACHINE_GONE}, since the answer's time;</li>
 *   <li>power {@code OFF}: UNHEALTHY {@link Symptom#MACHINE_OFF}, since the answer's time;</li>
 *   <li>answered and impaired (critical finding): UNHEALTHY {@link Symptom#MACHINE_IMPAIRED}, since the
 *       answer's time;</li>
 *   <li>not answered, or answered without a usable power state ({@code UNKNOWN}):
 *       {@link Symptom#MACHINE_UNANSWERED}, since the view's {@code observedAt}, SUSPECT with
 *       {@code recheckAt = observedAt + unansweredAfter}, UNHEALTHY from then on. Whoever records machine
 *       views should keep the time of the first unanswered ask while asks keep failing; a view that restarts
 *       the clock at each failed ask keeps the verdict SUSPECT, the safe side;</li>
 *   <li>otherwise ({@code ON}, {@code POWERING_ON}, {@code POWERING_OFF}, not impaired): HEALTHY.</li>
 * </ol>
 * Verdicts other than HEALTHY carry attribute {@code power=<state>}.
 *
 * @param unansweredAfter how long the provider may stay silent before the symptom is unhealthy (0 s to 24 h)
 */
public record MachineStatusCheck(Duration unansweredAfter) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "machine-status";

    /** Validates. */
    public MachineStatusCheck {
        Judging.requireBetween("MachineStatusCheck.unansweredAfter", unansweredAfter, Duration.ZERO,
                Judging.MAX_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.INFRASTRUCTURE;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        MachineView m = snapshot.machines().get(node.name());
        if (m == null) {
            return Verdict.healthy(NAME, node.name());
        }
        Instant at = m.observedAt() != null ? m.observedAt() : now;
        String detail = Judging.clip(m.detail());
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        Verdict v;
        if (m.answered() && m.power() == PowerState.GONE) {
            v = Verdict.unhealthy(NAME, node.name(), Symptom.MACHINE_GONE,
                    "the provider reports the machine gone at " + at + suffix, at);
        } else if (m.answered() && m.power() == PowerState.OFF) {
            v = Verdict.unhealthy(NAME, node.name(), Symptom.MACHINE_OFF,
                    "the provider reports the machine powered off at " + at + suffix, at);
        } else if (m.answered() && m.impaired()) {
            v = Verdict.unhealthy(NAME, node.name(), Symptom.MACHINE_IMPAIRED,
                    "the provider reports the machine impaired at " + at + suffix, at);
        } else if (!m.answered() || m.power() == PowerState.UNKNOWN) {
            v = Judging.overDuration(NAME, node.name(), Symptom.MACHINE_UNANSWERED,
                    "the provider gave no usable answer" + suffix + ",", at, unansweredAfter, now);
        } else {
            return Verdict.healthy(NAME, node.name());
        }
        return v.with("power", String.valueOf(m.power()));
    }
}
