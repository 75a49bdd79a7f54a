package dev.selfheal.examples.healer;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.observe.StatusServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healer as a program: reads {@code --kubeconfig} and {@code --config selfheal.yaml}, heals until it is
 * stopped (SIGTERM, Ctrl-C), logging every decision, and serves {@code /metrics}, {@code /healthz} and
 * {@code /readyz} on {@code --metrics-port} (default 8080). Providers listed in the YAML are created through
 * ServiceLoader; this example carries the AWS, vSphere and bare-metal providers.
 *
 * <pre>
 * java -jar selfheal-example-standalone-healer.jar --kubeconfig ~/.kube/config --config selfheal.yaml
 * </pre>
 *
 * Other programs (the demo) start it with {@link #start(KubernetesClient, SelfhealConfig, List)} instead.
 */
public final class StandaloneHealer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHealer.class);

    private final Selfheal healer;
    private final StatusServer status;

    private StandaloneHealer(Selfheal healer, StatusServer status) {
        this.healer = healer;
        this.status = status;
    }

    /** Runs the healer until the JVM is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        HealerOptions options;
        SelfhealConfig config;
        try {
            options = HealerOptions.parse(args);
            config = SelfhealConfig.load(options.config());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = client(options);
             StandaloneHealer running = startServing(client, config, List.of(), options.metricsPort())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "selfheal-shutdown"));
            LOG.info("healing {} with {} provider(s); stop with SIGTERM", client.getMasterUrl(), config.providers().size());
            stopped.await();
        }
    }

    /**
     * Starts a healer on {@code client} with {@code config}, the {@link LoggingListener} and {@code listeners};
     * returns once its watches synced.
     */
    public static StandaloneHealer start(KubernetesClient client, SelfhealConfig config, List<SelfhealListener> listeners) {
        requireNamespace(client, config.namespace());
        Selfheal healer = builder(client, config, listeners).build();
        try {
            healer.start();
        } catch (RuntimeException e) {
            healer.close();
            throw e;
        }
        return new StandaloneHealer(healer, null);
    }

    /**
     * Starts a healer like {@link #start(KubernetesClient, SelfhealConfig, List)} that also serves {@code /metrics}
     * (Prometheus text format), {@code /healthz} and {@code /readyz} on {@code metricsPort} of all interfaces (0: a
     * free port, see {@link #metricsPort()}). The endpoints answer from the start; {@code /readyz} turns 200 once the
     * watches synced, when this method returns.
     */
    public static StandaloneHealer startServing(KubernetesClient client, SelfhealConfig config,
                                                List<SelfhealListener> listeners, int metricsPort) {
        requireNamespace(client, config.namespace());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Selfheal healer = builder(client, config, listeners).meterRegistry(registry).build();
        StatusServer status = null;
        try {
            status = StatusServer.start("0.0.0.0", metricsPort, new StatusServer.Probes(registry::scrape,
                    healer::isRunning, healer::isReady, healer::isLeader));
            healer.start();
        } catch (RuntimeException e) {
            if (status != null) {
                status.close();
            }
            healer.close();
            throw e;
        }
        return new StandaloneHealer(healer, status);
    }

    private static Selfheal.Builder builder(KubernetesClient client, SelfhealConfig config, List<SelfhealListener> listeners) {
        Selfheal.Builder b = Selfheal.builder().client(Objects.requireNonNull(client, "client")).config(config)
                .listener(new LoggingListener());
        listeners.forEach(b::listener);
        return b;
    }

    /**
     * The port of {@code /metrics}, {@code /healthz} and {@code /readyz}.
     *
     * @throws IllegalStateException when it was started without them
     */
    public int metricsPort() {
        if (status == null) {
            throw new IllegalStateException("this healer was started without the metrics endpoint (use startServing)");
        }
        return status.port();
    }

    /**
     * Fails naming what to do when the healer's namespace is missing (its Leases live there); a client that
     * may not read namespaces (the shipped RBAC does not grant it) skips the check.
     */
    static void requireNamespace(KubernetesClient client, String namespace) {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                throw new IllegalStateException("namespace " + namespace + " does not exist in " + client.getMasterUrl()
                        + ": apply the healer's RBAC first (examples/standalone-healer/deploy/rbac.yaml, or"
                        + " RbacManifests.apply(admin, \"" + namespace + "\", serviceAccount))");
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
        }
    }

    /** The client for {@code options}: the kubeconfig file if given, else the usual discovery. */
    public static KubernetesClient client(HealerOptions options) {
        Config cfg = options.kubeconfig().map(p -> Config.fromKubeconfig(p.toFile())).orElseGet(() -> Config.autoConfigure(null));
        return new KubernetesClientBuilder().withConfig(cfg).build();
    }

    /** The running healer, for its remediations and leadership. */
    public Selfheal healer() {
        return healer;
    }

    /** Stops the healer (and the providers it created). */
    @Override
    public void close() {
        healer.close();
        if (status != null) {
            status.close();
        }
    }
}
