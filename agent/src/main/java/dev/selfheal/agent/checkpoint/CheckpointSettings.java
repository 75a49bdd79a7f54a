package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the agent keeps checkpoints of control-plane manifests and etcd snapshots.
 *
 * @param dir the checkpoint directory (default {@code <stateDir>/checkpoints})
 * @param keep manifest checkpoints kept per component (1 to 100)
 * @param restoreAfter a component with {@code restoreFromCheckpoint} unhealthy this long gets its last
 *                     checkpointed manifest back (1 s to 1 h)
 * @param mirrorToCluster also publish the checkpointed manifests in the ConfigMap
 *                        {@code selfheal-control-plane-<node>} of the agent's namespace, so {@code recover} can
 *                        rebuild them from an etcd snapshot or data directory
 * @param etcd etcd snapshot settings, or null for none
 */
public record CheckpointSettings(Path dir, int keep, Duration restoreAfter, boolean mirrorToCluster,
                                 EtcdSnapshotSettings etcd) {

    /** Validates. */
    public CheckpointSettings {
        Objects.requireNonNull(dir, "checkpoint.dir");
        if (keep < 1 || keep > 100) {
            throw new AgentConfigException("checkpoint.keep", keep + " is out of range; allowed range 1 to 100");
        }
        if (restoreAfter == null || restoreAfter.compareTo(Duration.ofSeconds(1)) < 0
                || restoreAfter.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("checkpoint.restoreAfter", restoreAfter + " is out of range; allowed range 1s to 1h");
        }
    }

    /** The name of the ConfigMap that mirrors a node's checkpointed manifests. */
    public static String mirrorName(String node) {
        return "selfheal-control-plane-" + node;
    }
}
