package dev.selfheal.agent;

import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** Helpers of the agent's integration tests. */
final class AgentItSupport {

    private AgentItSupport() {
    }

    /** Sends SIGKILL to a whole process group at once: a crash. */
    static void killGroup(long pgid) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).inheritIO().start();
        k.waitFor(5, TimeUnit.SECONDS);
    }

    static long processGroup(NodeAgent agent, String component) {
        return ((ProcessRuntime) agent.runtime(component).orElseThrow()).processGroup();
    }

    /** Whether a URL answers 200 with a body containing {@code expect}. */
    static boolean answers(HttpClient http, String url, String expect) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains(expect);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static HttpClient http(SSLContext ssl) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(1)).build();
    }

    /** Polls every 50 ms; returns the milliseconds it took. */
    static long timeUntil(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long t0 = System.nanoTime();
        Await.until(what, timeout, Duration.ofMillis(50), condition, null);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static void namespace(KubernetesClient admin, String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .createOr(r -> r.update());
    }

    /** The same identity with short, bounded calls, as the agent builds its own client. */
    static KubernetesClient bounded(KubernetesClient c) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(c.getConfiguration()).withRequestTimeout(3000)
                .withConnectionTimeout(2000).withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(200).build()).build();
    }

    /** The value of {@code --name=value} in a command line. */
    static String flag(List<String> cmd, String name) {
        return cmd.stream().filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("no --" + name + " in " + cmd));
    }
}
