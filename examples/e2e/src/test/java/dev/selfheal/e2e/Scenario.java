package dev.selfheal.e2e;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One scenario on the shared cluster: its machine pool (named after the scenario), its bridge, its
 * workloads namespace, its healer (in a namespace of its own) and its safety recorder. Closing it stops the
 * healer and the bridge, then removes the pool's Nodes and the workloads, so the next scenario starts clean.
 */
final class Scenario implements AutoCloseable {

    static final Duration HEALED = Duration.ofSeconds(180);

    private final String name;
    private final KubeTestbed kube;
    private final Workloads apps;
    private final SafetyRecorder safety;
    private final List<SelfhealListener> listeners = new ArrayList<>();
    private MachineNodeBridge bridge;
    private HealerUnderTest healer;

    Scenario(E2eCluster cluster, String name) {
        this.name = name;
        this.kube = cluster.kube();
        this.apps = new Workloads(kube.client(), name);
        this.safety = new SafetyRecorder(kube.client());
        listeners.add(safety);
    }

    /** The machine pool (and Node label {@value Ec2Machines#POOL_LABEL}) of this scenario. */
    String pool() {
        return name;
    }

    KubeTestbed kube() {
        return kube;
    }

    Workloads apps() {
        return apps;
    }

    SafetyRecorder safety() {
        return safety;
    }

    MachineNodeBridge bridge() {
        return bridge;
    }

    HealerUnderTest healer() {
        return healer;
    }

    /**
     * Starts the bridge on {@code source} and waits until {@code nodes} Nodes of the pool are Ready and
     * schedulable (the node controller lifts the not-ready taint a few seconds after Ready).
     */
    MachineNodeBridge bridge(MachineSource source, int nodes) {
        bridge = MachineNodeBridge.builder(kube).source(source).start();
        Await.until(nodes + " schedulable Ready nodes in pool " + name, Duration.ofSeconds(90),
                () -> nodes().stream().filter(n -> isReady(n) && untainted(n)).count() == nodes);
        return bridge;
    }

    private static boolean untainted(Node n) {
        return n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty();
    }

    /** Starts the healer with {@code config} (its namespace is {@code <scenario>-healer}) and the safety recorder. */
    HealerUnderTest heal(SelfhealConfig config) {
        healer = HealerUnderTest.start(kube, config, listeners);
        return healer;
    }

    /** The healer configuration of this scenario, without providers. */
    SelfhealConfig config() {
        return E2eConfig.healer(name + "-healer");
    }

    /** The Ready nodes of the pool. */
    List<String> readyNodes() {
        return kube.client().nodes().withLabel(Ec2Machines.POOL_LABEL, name).list().getItems().stream()
                .filter(Scenario::isReady).map(n -> n.getMetadata().getName()).sorted().toList();
    }

    /** The pool's Nodes, Ready or not. */
    List<Node> nodes() {
        return kube.client().nodes().withLabel(Ec2Machines.POOL_LABEL, name).list().getItems();
    }

    /** The uids of the Running pods of the workloads namespace. */
    Set<String> podUids() {
        return kube.client().pods().inNamespace(name).list().getItems().stream().map(p -> p.getMetadata().getUid())
                .collect(Collectors.toSet());
    }

    /** Waits until the node's remediation reached {@code state}. */
    void awaitRemediation(String node, RemediationState state) {
        Await.until("remediation of " + node + " " + state, HEALED, Duration.ofMillis(250),
                () -> healer.state(node) == state, () -> "history " + healer.history(node) + ", state " + healer.state(node));
    }

    /** Waits until a pod of {@code app} that is none of {@code before} runs on another node than {@code dead}. */
    Pod awaitRunningElsewhere(String app, String dead, Set<String> before) {
        // Keep the pod the wait saw: a second look may race with later scheduling.
        java.util.concurrent.atomic.AtomicReference<Pod> found = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(app + " Running off " + dead, HEALED, () -> {
            apps.runningElsewhere(app, dead, before).ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    static boolean isReady(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        safety.close();
        if (healer != null) {
            healer.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        kube.client().nodes().withLabel(Ec2Machines.POOL_LABEL, name).delete();
        apps.delete();
    }
}
