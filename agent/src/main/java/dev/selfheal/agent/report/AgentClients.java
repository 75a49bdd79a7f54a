package dev.selfheal.agent.report;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.spi.RegularFiles;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;

/**
 * The agent's Kubernetes client: from {@code report.kubeconfig}, else the in-cluster ServiceAccount or the
 * default kubeconfig; every call bounded by {@code report.requestTimeout}, with no long retry loops of its own
 * (the reporter retries on its next round). It speaks HTTP through the JDK's own {@code HttpClient}
 * ({@code kubernetes-httpclient-jdk}), not Vert.x/Netty: fewer threads, classes and buffers on every node.
 */
public final class AgentClients {

    private AgentClients() {
    }

    /** A client for the agent's reporting; the caller closes it. */
    public static KubernetesClient create(ReportSettings report) {
        Config base;
        if (report.kubeconfig() != null) {
            try {
                base = Config.fromKubeconfig(RegularFiles.readString(report.kubeconfig(), RegularFiles.CONFIG_LIMIT));
            } catch (IOException e) {
                throw new AgentConfigException("report.kubeconfig", "cannot read " + report.kubeconfig() + ": " + e.getMessage());
            }
        } else {
            base = Config.autoConfigure(null);
        }
        int timeout = (int) report.requestTimeout().toMillis();
        Config cfg = new ConfigBuilder(base).withRequestTimeout(timeout).withConnectionTimeout(timeout)
                .withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(200).build();
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(cfg).build();
    }
}
