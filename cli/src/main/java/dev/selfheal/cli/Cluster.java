package dev.selfheal.cli;

import dev.selfheal.core.kube.KubeEventRecorder;
import dev.selfheal.core.kube.KubeOperationException;
import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.kube.LeaseRemediationStore;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster as the CLI reads it: the healer's records (through core's stores, as the healer reads them), Events on
 * Nodes and the pause switch. Every Kubernetes failure becomes a {@link CliException} with a clear line.
 */
public final class Cluster implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;

    /**
     * @param client a connected client
     * @param namespace the healer's namespace
     */
    public Cluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The client. */
    public KubernetesClient client() {
        return client;
    }

    /** The healer's namespace. */
    public String namespace() {
        return namespace;
    }

    /** Every remediation record, by node name. */
    public List<Remediation> remediations() {
        requireNamespace();
        return call("list the remediation Leases", () -> store().loadAll()).stream().map(Stored::remediation)
                .sorted(Comparator.comparing(Remediation::node)).toList();
    }

    /** The node's remediation record, if any. */
    public Optional<Remediation> remediation(String node) {
        requireNamespace();
        return call("read the remediation Lease of " + node, () -> store().load(node)).map(Stored::remediation);
    }

    /** Whether the cluster has this Node. */
    public boolean hasNode(String node) {
        return call("read the Node " + node, () -> client.nodes().withName(node).get()) != null;
    }

    /** The Events Selfheal recorded on the Node, oldest first. */
    public List<Event> events(String node) {
        List<Event> all = call("list the Events of Node " + node, () -> client.v1().events()
                .inNamespace(KubeEventRecorder.NAMESPACE).withField("involvedObject.name", node).list().getItems());
        return all.stream().filter(e -> "Node".equals(e.getInvolvedObject().getKind()))
                .filter(e -> e.getSource() != null && KubeEventRecorder.COMPONENT.equals(e.getSource().getComponent()))
                .sorted(Comparator.comparing(Cluster::eventTime)).toList();
    }

    /** The pause switch of the healer's namespace. */
    public LeasePauseSwitch pauseSwitch() {
        requireNamespace();
        return new LeasePauseSwitch(client, namespace);
    }

    /** Fails with {@link ExitCode#NOT_FOUND} when the healer's namespace does not exist. */
    public void requireNamespace() {
        if (call("read the namespace " + namespace, () -> client.namespaces().withName(namespace).get()) == null) {
            throw new CliException(ExitCode.NOT_FOUND, "the namespace " + namespace + " does not exist: is Selfheal "
                    + "installed in this cluster? (give its namespace with -n)");
        }
    }

    /** Runs a call, turning Kubernetes failures into a {@link CliException}. */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(what, e);
        } catch (KubeOperationException e) {
            throw e.getCause() instanceof KubernetesClientException k ? failure(what, k)
                    : new CliException(ExitCode.FAILED, "cannot " + what + ": " + firstLine(e.getMessage()));
        }
    }

    /** The exit code and message of a Kubernetes failure. */
    static CliException failure(String what, KubernetesClientException e) {
        int code = e.getCode();
        if (code == 401 || code == 403) {
            return new CliException(ExitCode.FORBIDDEN, "cannot " + what + ": the API server refused (HTTP " + code
                    + "); the kubeconfig's identity lacks the permission");
        }
        Throwable io = e;
        while (io != null && !(io instanceof IOException)) {
            io = io.getCause();
        }
        if (io != null) {
            Throwable root = io;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new CliException(ExitCode.UNREACHABLE, "cannot " + what + ": " + firstLine(root.toString()));
        }
        return new CliException(ExitCode.FAILED, "cannot " + what + ": " + firstLine(e.getMessage()));
    }

    /** The first line of a message, at most 300 characters. */
    static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    private LeaseRemediationStore store() {
        return new LeaseRemediationStore(client, namespace, Duration.ofSeconds(60));
    }

    private static String eventTime(Event e) {
        String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
        return t == null ? "" : t;
    }

    @Override
    public void close() {
        client.close();
    }
}
