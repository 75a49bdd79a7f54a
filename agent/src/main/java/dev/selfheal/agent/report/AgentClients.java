package dev.selfheal.agent.report;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.kube.KubeApi;
import java.io.UncheckedIOException;

/**
 * The agent's Kubernetes client ({@link KubeApi}, over the JDK's own {@code HttpClient}): from
 * {@code report.kubeconfig}, else the in-cluster ServiceAccount or the default kubeconfig; every call bounded by
 * {@code report.requestTimeout}, with no retry loops of its own (the reporter retries on its next round).
 */
public final class AgentClients {

    private AgentClients() {
    }

    /**
     * A client for the agent's reporting.
     *
     * @throws AgentConfigException naming {@code report.kubeconfig} when it cannot be used
     */
    public static KubeApi create(ReportSettings report) {
        try {
            return KubeApi.connect(report.kubeconfig(), report.requestTimeout());
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new AgentConfigException("report.kubeconfig", e.getMessage());
        }
    }
}
