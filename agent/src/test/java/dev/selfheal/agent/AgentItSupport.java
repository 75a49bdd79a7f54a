package dev.selfheal.agent;

import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.report.AgentRbac;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** Helpers of the agent's integration tests. */
public final class AgentItSupport {

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

    public static void namespace(KubernetesClient admin, String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .createOr(r -> r.update());
    }

    /** Applies the agent's shipped RBAC ({@link AgentRbac#render}) with server-side apply, as {@code kubectl apply} would. */
    public static void applyRbac(KubernetesClient admin, String ns, String serviceAccount) {
        String yaml = AgentRbac.render(ns, serviceAccount);
        for (HasMetadata o : admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            admin.resource(o).fieldManager("selfheal").forceConflicts().serverSideApply();
        }
    }

    /** A fresh bound token of a ServiceAccount (created when missing). */
    public static String token(KubernetesClient admin, String ns, String serviceAccount) {
        admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount)
                .withNamespace(ns).endMetadata().build()).createOr(r -> r.update());
        return admin.serviceAccounts().inNamespace(ns).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
    }

    /** A kubeconfig for a ServiceAccount's token, trusting the testbed's CA file. */
    static Path tokenKubeconfig(KubeTestbed kube, String ns, String serviceAccount, Path file) {
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: '%s', certificate-authority: '%s'}}]
                    users: [{name: u, user: {token: '%s'}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    current-context: x
                    """.formatted(kube.apiServerUrl(), kube.certificateAuthority().caPem(), token(kube.client(), ns, serviceAccount)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's own API client under its ServiceAccount, with short calls as the agent's tests want them. */
    static KubeApi agentApi(KubeTestbed kube, String ns, String serviceAccount, Path dir) {
        return KubeApi.connect(tokenKubeconfig(kube, ns, serviceAccount, dir.resolve(serviceAccount + ".kubeconfig")),
                Duration.ofSeconds(3));
    }

    /** The value of {@code --name=value} in a command line. */
    static String flag(List<String> cmd, String name) {
        return cmd.stream().filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("no --" + name + " in " + cmd));
    }
}
