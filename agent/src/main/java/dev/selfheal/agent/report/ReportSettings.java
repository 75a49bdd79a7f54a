package dev.selfheal.agent.report;

import dev.selfheal.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reporting to the cluster (heartbeat Lease, node conditions, restart requests), always best effort and off
 * the supervision path.
 *
 * @param enabled whether to report at all (false: a purely local agent)
 * @param kubeconfig the kubeconfig to use, or null for the in-cluster ServiceAccount / default kubeconfig
 * @param requestTimeout the bound of every API call (500 ms to 1 min)
 * @param conditionRefresh conditions are re-sent at least this often even when unchanged (5 s to 1 h)
 */
public record ReportSettings(boolean enabled, Path kubeconfig, Duration requestTimeout, Duration conditionRefresh) {

    /** Validates. */
    public ReportSettings {
        if (requestTimeout == null || requestTimeout.toMillis() < 500 || requestTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new AgentConfigException("report.requestTimeout", requestTimeout + " is out of range; allowed range 500ms to 1m");
        }
        if (conditionRefresh == null || conditionRefresh.compareTo(Duration.ofSeconds(5)) < 0
                || conditionRefresh.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("report.conditionRefresh", conditionRefresh + " is out of range; allowed range 5s to 1h");
        }
    }

    /** Defaults: on, default client configuration, 5 s calls, refresh every minute. */
    public static ReportSettings defaults() {
        return new ReportSettings(true, null, Duration.ofSeconds(5), Duration.ofMinutes(1));
    }
}
