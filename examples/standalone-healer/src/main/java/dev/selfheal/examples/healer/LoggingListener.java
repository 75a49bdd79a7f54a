package dev.selfheal.examples.healer;

import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every decision of the healer on one line: what an operator reads in {@code kubectl logs}. */
public final class LoggingListener implements SelfhealListener {

    private static final Logger LOG = LoggerFactory.getLogger("selfheal.decisions");

    @Override
    public void onDiagnosed(Diagnosis d) {
        LOG.info("diagnosed {}: {} ({} layer): {}", d.node(), d.failureClass(), d.rootLayer(), d.summary());
    }

    @Override
    public void onBlocked(Diagnosis d, GateDecision decision) {
        LOG.info("held back on {}: {}: {}", d.node(), decision.gate(), decision.reason());
    }

    @Override
    public void onStarted(Remediation r) {
        LOG.info("remediating {}: {} with ladder {} (attempt {})", r.node(), r.failureClass(), r.ladder(), r.attempt());
    }

    @Override
    public void onStepFinished(Remediation r, String step, String outcome) {
        LOG.info("step {} on {}: {}", step, r.node(), outcome);
    }

    @Override
    public void onFinished(Remediation r) {
        LOG.info("remediation of {} {}: {}", r.node(), r.state(), r.message());
    }

    @Override
    public void onLeadership(boolean leader) {
        LOG.info(leader ? "this healer leads and acts" : "this healer follows and only watches");
    }
}
