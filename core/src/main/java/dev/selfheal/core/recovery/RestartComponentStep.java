package dev.selfheal.core.recovery;

import dev.selfheal.core.health.Component;
import dev.selfheal.core.remediation.Remediation;
import java.util.Optional;

/**
 * Asks the node agent to restart the failed component (the kubelet when the node stopped heartbeating)
 * without touching running containers; heals when the node is healthy again.
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
    public boolean applies(StepContext ctx) {
        return ctx.agentAlive() && ctx.node().isPresent();
    }

    @Override
    public Remediation act(StepContext ctx) {
        ctx.cluster().requestComponentRestart(ctx.remediation().node(), component(ctx.remediation()), requestId(ctx.remediation()));
        return ctx.remediation();
    }

    @Override
    public StepCheck verify(StepContext ctx) {
        if (ctx.nodeHealthy()) {
            return StepCheck.healed(ctx.remediation(), component(ctx.remediation()).id() + " restarted by the agent; node healthy");
        }
        Optional<String> answer = ctx.cluster().componentRestartAnswer(ctx.remediation().node(), requestId(ctx.remediation()));
        if (answer.filter("failed"::equals).isPresent()) {
            return StepCheck.failed(ctx.remediation(), "the agent could not restart " + component(ctx.remediation()).id());
        }
        return StepCheck.waiting(ctx.remediation(), answer.map(a -> "agent answered " + a + "; waiting for the node")
                .orElse("waiting for the agent"));
    }

    static Component component(Remediation r) {
        return Optional.ofNullable(r.component()).flatMap(Component::ofId).orElse(Component.KUBELET);
    }

    private static String requestId(Remediation r) {
        return r.id() + "-" + r.stepIndex();
    }
}
