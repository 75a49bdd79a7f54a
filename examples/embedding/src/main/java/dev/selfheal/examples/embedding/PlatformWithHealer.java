package dev.selfheal.examples.embedding;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.spi.ProviderConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A program of its own (say, a platform's cluster manager) that carries Selfheal inside: it builds the
 * configuration in code, hands the healer its existing Kubernetes client and Micrometer registry, feeds the
 * decisions into its own {@link IncidentLog}, and pauses healing during its own maintenance.
 *
 * <pre>
 * ./mvnw -pl examples/embedding -am package -DskipTests
 * java -cp ... dev.selfheal.examples.embedding.PlatformWithHealer [seconds to run, default 60]
 * </pre>
 *
 * It starts in dry-run, so against a real cluster it only records what it would do.
 */
public final class PlatformWithHealer {

    private PlatformWithHealer() {
    }

    /** Runs the platform (and its healer) for the given seconds, then prints its incident log and meters. */
    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        IncidentLog incidents = new IncidentLog(Clock.systemUTC());
        MeterRegistry meters = new SimpleMeterRegistry();
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             Selfheal healer = healer(client, config(), incidents, meters)) {
            healer.start();
            new CountDownLatch(1).await(seconds, TimeUnit.SECONDS); // the platform's own work would go here
            healer.pause(true);                                      // e.g. during the platform's upgrade window
        }
        incidents.incidents().forEach(i -> System.out.println(i.at() + "  " + i.node() + "  " + i.what()));
        meters.getMeters().forEach(m -> System.out.println(m.getId().getName() + " " + m.measure()));
    }

    /** The platform's healer configuration, in code rather than YAML. */
    public static SelfhealConfig config() {
        return SelfhealConfig.builder()
                .namespace("platform-system")
                .identity("platform-healer")
                .dryRun(true)
                .checks(CheckSettings.defaults().withNodeThreshold(Duration.ofSeconds(30)))
                .gates(new GateSettings(MaxUnhealthy.parse("1"), Duration.ofMinutes(5), 1, 3, Duration.ofHours(1),
                        Duration.ofMinutes(1), "platform.example/no-heal"))
                .provider(ProviderConfig.builder("aws").set("region", "eu-west-1").build())
                .build();
    }

    /** The healer wired into the platform: its client, its listener, its meters. */
    public static Selfheal healer(KubernetesClient client, SelfhealConfig config, IncidentLog incidents, MeterRegistry meters) {
        return Selfheal.builder().client(client).config(config).listener(incidents).meterRegistry(meters).build();
    }
}
