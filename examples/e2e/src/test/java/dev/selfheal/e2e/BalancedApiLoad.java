package dev.selfheal.e2e;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client working through the balancer while a test breaks an API server: every 100 ms it writes a ConfigMap and
 * reads it back (with the client's ordinary retries). A round whose request fails (one in flight on a connection to
 * the server that died) is sent once more, as a client does; a round failing twice is a failure.
 */
final class BalancedApiLoad implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> resent = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private BalancedApiLoad(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.thread = new Thread(this::loop, "balanced-api-load");
        thread.setDaemon(true);
    }

    static BalancedApiLoad start(KubernetesClient client, String namespace) {
        BalancedApiLoad load = new BalancedApiLoad(client, namespace);
        load.thread.start();
        return load;
    }

    private void loop() {
        int i = 0;
        while (running) {
            String name = "load-" + i++;
            try {
                round(name);
            } catch (RuntimeException first) {
                // a request in flight on a connection to the killed server: sent again, as a client does
                resent.add(name + ": " + first);
                try {
                    round(name);
                } catch (RuntimeException e) {
                    failures.add(name + ": " + e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void round(String name) {
        if (client.configMaps().inNamespace(namespace).withName(name).get() == null) {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .endMetadata().withData(Map.of("n", name)).build()).create();
        }
        String back = client.configMaps().inNamespace(namespace).withName(name).get().getData().get("n");
        if (!name.equals(back)) {
            throw new IllegalStateException("read back " + back);
        }
        ok.incrementAndGet();
    }

    /** Rounds whose first attempt failed and that were sent again. */
    List<String> resent() {
        return List.copyOf(resent);
    }

    /** Write-and-read rounds that succeeded. */
    int succeeded() {
        return ok.get();
    }

    /** The rounds that failed, with why. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the load and waits for its last round. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
