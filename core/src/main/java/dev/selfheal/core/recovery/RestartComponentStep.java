package dev.selfheal.core.recovery;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartAck;
import java.util.Optional;

/**
 * Asks the node agent to restart the failed component (the kubelet when the node stopped heartbeating)
 * without touching running containers; heals when the node is healthy again on evidence from after the request
 * ({@link HealingEvidence}).
 */
public final class RestartComponentStep implements RecoveryStep {

    /** The step name. */
    public static final String NAME = "restart-component";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return false;
    }

    @Override
    public boolean applies(StepView view) {
        return view.agentAlive() && view.node().isPresent();
    }

    @Override
    public Remediation act(StepContext ctx) {
        ctx.cluster().requestComponentRestart(ctx.remediation().node(), component(ctx.remediation()), requestId(ctx.remediation()));
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepView view) {
        Remediation r = view.remediation();
        Optional<String> missing = HealingEvidence.missing(view, false);
        if (missing.isEmpty()) {
            return StepCheck.healed(r, component(r).id() + " restarted by the agent; " + HealingEvidence.account(view, false));
        }
        // The agent's acknowledgement is an annotation on the Node: read from the snapshot, never fetched.
        Optional<String> answer = view.node().flatMap(n -> RestartAck.answerTo(n.annotations(), requestId(r)));
        if (answer.filter("failed"::equals).isPresent()) {
            return StepCheck.failed(r, "the agent could not restart " + component(r).id());
        }
        return StepCheck.waiting(r, answer.map(a -> "agent answered " + a + "; waiting for the node: " + missing.get())
                .orElse("waiting for the agent"));
    }

    static Component component(Remediation r) {
        return Optional.ofNullable(r.component()).flatMap(Component::ofId).orElse(Component.KUBELET);
    }

    private static String requestId(Remediation r) {
        return r.id() + "-" + r.stepIndex();
    }
}
