package dev.selfheal.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the cluster is: {@code --kubeconfig} (else {@code $KUBECONFIG}, else {@code ~/.kube/config}),
 * {@code --context} (else the current context) and {@code -n/--namespace}, the healer's namespace.
 */
public final class ClusterOptions {

    /** The healer's namespace when none is given. */
    public static final String DEFAULT_NAMESPACE = "selfheal-system";

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context (default: its current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "The healer's namespace, where its records are (default: " + DEFAULT_NAMESPACE
                    + ", or the configuration's namespace for commands that take one).")
    String namespace;

    /** The namespace given, else {@value #DEFAULT_NAMESPACE}. */
    public String namespace() {
        return namespace == null ? DEFAULT_NAMESPACE : namespace;
    }

    /** Connects and checks that the API server answers. */
    public Cluster connect() {
        return connect(namespace());
    }

    /** Connects, with the namespace given on the command line or else {@code fallback}. */
    public Cluster connect(String fallback) {
        Config config = config();
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(5_000);
        config.setRequestTimeout(30_000);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw Cluster.failure("reach the API server " + config.getMasterUrl(), e);
        }
        return new Cluster(client, namespace == null ? fallback : namespace);
    }

    private Config config() {
        Config c = load();
        if (context != null && (c.getCurrentContext() == null || !context.equals(c.getCurrentContext().getName()))) {
            throw new CliException(ExitCode.UNREACHABLE, "--context: the kubeconfig has no context named '" + context + "'");
        }
        return c;
    }

    private Config load() {
        try {
            if (kubeconfig == null) {
                return Config.autoConfigure(context);
            }
            if (!Files.isReadable(kubeconfig)) {
                throw new CliException(ExitCode.UNREACHABLE, "--kubeconfig: cannot read the file " + kubeconfig);
            }
            return Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException | KubernetesClientException | IllegalArgumentException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot use the kubeconfig"
                    + (kubeconfig == null ? "" : " " + kubeconfig) + (context == null ? "" : " (context " + context + ")")
                    + ": " + Cluster.firstLine(e.getMessage()));
        }
    }
}
