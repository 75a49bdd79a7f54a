package dev.selfheal.e2e;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.LeaderSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.spi.ProviderConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A healer in a JVM of its own, for tests that pause it with SIGSTOP: the scenario configuration with leader election,
 * the AWS provider at the given endpoint. Arguments: kubeconfig file, namespace, identity, AWS endpoint, region;
 * the moto keys come from the environment ({@code MOTO_ACCESS_KEY_ID}, {@code MOTO_SECRET_ACCESS_KEY}), never from
 * the command line. Runs until it is killed.
 */
public final class HealerProcessMain {

    /** Leader election of the healers that hand over in these tests. */
    static final LeaderSettings ELECTION = new LeaderSettings(true, Duration.ofSeconds(6), Duration.ofSeconds(4),
            Duration.ofSeconds(1));

    private HealerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Config kube = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        ProviderConfig aws = ProviderConfig.builder("aws").set("region", args[4]).set("endpoint", args[3])
                .set("credentials", "static").secret("accessKeyId", System.getenv("MOTO_ACCESS_KEY_ID"))
                .secret("secretAccessKey", System.getenv("MOTO_SECRET_ACCESS_KEY"))
                .set("apiCallTimeout", "10s").set("operationTimeout", "60s").set("replaceTimeout", "60s")
                .set("pollInterval", "200ms").build();
        SelfhealConfig config = E2eConfig.healer(args[1]).toBuilder().identity(args[2]).leader(ELECTION).provider(aws).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
             Selfheal healer = Selfheal.builder().client(client).config(config).build()) {
            healer.start();
            System.out.println("healer " + args[2] + " started");
            Thread.currentThread().join();
        }
    }
}
