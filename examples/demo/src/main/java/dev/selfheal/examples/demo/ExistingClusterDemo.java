package dev.selfheal.examples.demo;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.examples.healer.HealerOptions;
import dev.selfheal.examples.healer.StandaloneHealer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The demo against an existing cluster: the standalone healer with the given kubeconfig and configuration,
 * every decision printed as it happens, until Ctrl-C. It deploys nothing and kills nothing.
 */
final class ExistingClusterDemo {

    private final Console console;

    ExistingClusterDemo(Console console) {
        this.console = console;
    }

    @SuppressWarnings("try") // the resource is held open for the duration of the block
    void run(DemoOptions options) throws InterruptedException {
        SelfhealConfig config = SelfhealConfig.load(options.config().orElseThrow());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-stop"));
        try (KubernetesClient client = StandaloneHealer.client(new HealerOptions(options.kubeconfig(), options.config().get()));
             StandaloneHealer healer = StandaloneHealer.start(client, config, List.of())) {
            console.step("Selfheal watches " + client.getMasterUrl() + " (namespace " + config.namespace() + ", dry-run "
                    + config.dryRun() + ", " + config.providers().size() + " provider(s)); decisions follow; Ctrl-C stops");
            stop.await();
        }
    }
}
