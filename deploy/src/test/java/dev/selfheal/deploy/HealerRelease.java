package dev.selfheal.deploy;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.ToolRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart installed by the pinned helm ({@code helm install}, {@code helm uninstall}) on the testbed's real nodes,
 * with the healer's image imported into their containerd as the README tells a user.
 *
 * <p>The real nodes have no kube-proxy, so the {@code kubernetes} Service's ClusterIP does not route from a pod: the
 * release sets {@code apiServer.host} to {@code kubernetes.default.svc} (a name the API server's certificate holds)
 * and {@code hostAliases} resolves that name to the host's end of the node network, where a relay reaches the API
 * server.
 */
final class HealerRelease implements AutoCloseable {

    /** The healer's image as its module's build writes it. */
    static final Path IMAGE = Path.of("../examples/standalone-healer/target/selfheal-healer-image.tar").toAbsolutePath();
    /** The name the API server's certificate holds and the pods resolve to the relay. */
    static final String API_NAME = "kubernetes.default.svc";

    private final Chart chart = new Chart();
    private final RealNodes nodes;
    private final String release;
    private final String namespace;

    HealerRelease(RealNodes nodes, String release, String namespace) {
        this.nodes = nodes;
        this.release = release;
        this.namespace = namespace;
    }

    /** Imports the healer's image into {@code node}'s containerd ({@code ctr -n k8s.io images import}). */
    static void importImage(RealNode node) {
        node.importImage(IMAGE);
    }

    /** Values for one healer pinned to {@code node}: one replica, the imported image, the API server through the relay. */
    Map<String, String> onRealNode(String node) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("replicas", "1");
        v.put("podDisruptionBudget.enabled", "false");
        v.put("image.pullPolicy", "Never");
        v.put("nodeSelector.kubernetes\\.io/hostname", node);
        v.put("apiServer.host", API_NAME);
        v.put("apiServer.port", Integer.toString(nodes.apiServerPort()));
        v.put("hostAliases[0].ip", nodes.hostAddress());
        v.put("hostAliases[0].hostnames[0]", API_NAME);
        return v;
    }

    /** {@code helm install RELEASE helm/selfheal -n NAMESPACE --create-namespace --set ...}; fails unless helm succeeds. */
    ToolRun install(Map<String, String> values) {
        return install(null, values);
    }

    /** As {@link #install(Map)}, with a values file ({@code -f}) besides the {@code --set} values, when not null. */
    ToolRun install(Path valuesFile, Map<String, String> values) {
        List<String> args = new ArrayList<>(List.of("install", release, Chart.DIR.toString(), "--namespace", namespace,
                "--create-namespace", "--kubeconfig", nodes.kube().adminKubeconfig().toString()));
        if (valuesFile != null) {
            args.add("--values");
            args.add(valuesFile.toString());
        }
        values.forEach((k, val) -> {
            args.add("--set");
            args.add(k + "=" + val);
        });
        return chart.helm(args.toArray(String[]::new)).requireOk();
    }

    /**
     * Runs a {@code helm install} command as written (without the leading {@code helm}; paths relative to
     * {@link ReadmeCommands#ROOT}), against the testbed, with {@code values} added as {@code --set}.
     */
    ToolRun installAsWritten(List<String> helmArgs, Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (String a : helmArgs) {
            Path p = ReadmeCommands.ROOT.resolve(a);
            args.add(!a.startsWith("-") && a.contains("/") && p.toFile().exists() ? p.toString() : a);
        }
        args.addAll(List.of("--kubeconfig", nodes.kube().adminKubeconfig().toString()));
        values.forEach((k, val) -> {
            args.add("--set");
            args.add(k + "=" + val);
        });
        return chart.helm(args.toArray(String[]::new)).requireOk();
    }

    /** {@code helm uninstall RELEASE -n NAMESPACE --wait}. */
    ToolRun uninstall() {
        return chart.helm("uninstall", release, "--namespace", namespace, "--wait", "--timeout", "60s",
                "--kubeconfig", nodes.kube().adminKubeconfig().toString());
    }

    /** The release's healer pods. */
    List<Pod> pods() {
        return client().pods().inNamespace(namespace).withLabel("app.kubernetes.io/instance", release).list().getItems();
    }

    /** Waits until a healer pod is Ready and returns it. */
    Pod awaitReadyPod(Duration timeout) {
        Pod[] ready = new Pod[1];
        Await.until("a Ready healer pod of release " + release, timeout, Duration.ofMillis(500),
                () -> (ready[0] = pods().stream().filter(HealerRelease::isReady).findFirst().orElse(null)) != null,
                () -> "pods: " + pods().stream().map(p -> p.getMetadata().getName() + " " + p.getStatus()).toList());
        return ready[0];
    }

    /** Waits until the release has no pods left (the garbage collector deletes them after the uninstall). */
    void awaitNoPods(Duration timeout) {
        Await.until("no pods of release " + release, timeout, Duration.ofMillis(500), () -> pods().isEmpty(),
                () -> "pods: " + pods().stream().map(p -> p.getMetadata().getName()).toList());
    }

    /** The leader Lease of the healers in the release namespace, if one exists. */
    Optional<Lease> leaderLease() {
        return Optional.ofNullable(client().leases().inNamespace(namespace).withName("selfheal-healer-leader").get());
    }

    /** From the pod's creation to its Ready condition (both as the API server recorded them, to the second). */
    static Duration startup(Pod pod) {
        Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
        Instant ready = Instant.parse(pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getLastTransitionTime());
        return Duration.between(created, ready);
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private KubernetesClient client() {
        return nodes.kube().client();
    }

    /** Uninstalls the release (if installed) and deletes its namespace. */
    @Override
    public void close() {
        try {
            uninstall();
        } finally {
            client().namespaces().withName(namespace).delete();
        }
    }
}
