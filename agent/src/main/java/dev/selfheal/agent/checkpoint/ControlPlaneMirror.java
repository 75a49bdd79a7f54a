package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.AgentConfigReader;
import dev.selfheal.agent.config.ConfigIds;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.kube.KubePaths;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes a node's checkpointed control-plane manifests in the ConfigMap
 * {@code <namespace>/selfheal-control-plane-<node>}, so they live in etcd with the rest of the cluster state and
 * {@code ControlPlaneRecovery} can rebuild them from an etcd snapshot or data directory. Per component the data
 * holds {@code <id>.manifest}, {@code <id>.sha256}, {@code <id>.path} and {@code <id>.runtime}. Best effort, on
 * the reporter's thread, by server-side apply (field manager {@value #FIELD_MANAGER}): the last state is re-sent
 * until it is accepted.
 */
public final class ControlPlaneMirror {

    /** The field manager of the agent's server-side apply. */
    public static final String FIELD_MANAGER = "selfheal-agent";
    public static final String MANIFEST_SUFFIX = ".manifest";
    public static final String SHA_SUFFIX = ".sha256";
    public static final String PATH_SUFFIX = ".path";
    public static final String RUNTIME_SUFFIX = ".runtime";

    private final String namespace;
    private final String node;
    private final Map<String, String> data = new TreeMap<>();
    private boolean dirty;

    public ControlPlaneMirror(String namespace, String node) {
        this.namespace = namespace;
        this.node = node;
    }

    /** Records a new checkpoint to publish. */
    public synchronized void checkpointed(Checkpoint cp, RuntimeKind runtime) {
        String id = cp.component();
        data.put(id + MANIFEST_SUFFIX, cp.content());
        data.put(id + SHA_SUFFIX, cp.sha256());
        data.put(id + PATH_SUFFIX, cp.source().toString());
        data.put(id + RUNTIME_SUFFIX, ConfigIds.idOf(runtime));
        dirty = true;
    }

    /** Whether something waits to be published. */
    public synchronized boolean pending() {
        return dirty;
    }

    /** Publishes when something changed since the last accepted publication; throws when the API refuses. */
    public void publish(KubeApi api) {
        Map<String, String> copy;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            copy = Map.copyOf(data);
        }
        String name = CheckpointSettings.mirrorName(node);
        api.apply("apply ConfigMap " + namespace + "/" + name, KubePaths.configMap(namespace, name), FIELD_MANAGER, Map.of(
                "apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name, "namespace", namespace, "labels", Map.of("app.kubernetes.io/name", "selfheal",
                        "app.kubernetes.io/component", "node-agent", "selfheal.dev/node", node)),
                "data", new TreeMap<>(copy)));
        synchronized (this) {
            if (copy.equals(data)) {
                dirty = false;
            }
        }
    }
}
