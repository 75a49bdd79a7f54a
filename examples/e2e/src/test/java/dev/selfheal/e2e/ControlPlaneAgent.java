package dev.selfheal.e2e;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.agent.supervise.ComponentHealth;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single master whose control plane (the testbed's real kube-apiserver, kube-scheduler and
 * kube-controller-manager, same flags, ports and certificates) is run by the node agent from process
 * manifests it checkpoints, reporting under its own ServiceAccount. Killing a component is the failure;
 * the agent brings it back (from its checkpoint when its manifest is gone too).
 */
final class ControlPlaneAgent implements AutoCloseable {

    static final String MASTER = "master-1";
    static final List<String> COMPONENTS = List.of("kube-apiserver", "kube-scheduler", "kube-controller-manager");

    private final KubeTestbed kube;
    private final Path manifests;
    private final NodeAgent agent;
    private final HttpClient http;

    /** Registers the master's Node, stops the testbed's own control-plane processes and lets the agent run them. */
    ControlPlaneAgent(KubeTestbed kube, String namespace) {
        this.kube = kube;
        kube.nodes().addReady(NodeTemplate.named(MASTER).withLabel("node-role.kubernetes.io/control-plane", ""),
                Duration.ofSeconds(60));
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(r -> r.update());
        AgentAccess.applyRbac(kube.client(), namespace, "selfheal-agent");
        Path dir = Workspace.newDir("agent-" + MASTER);
        this.manifests = dir.resolve("manifests");
        CertificateAuthority.IssuedCertificate probe = kube.certificateAuthority().issueClient("agent-probe", "selfheal-agent-probe");
        try {
            Files.createDirectories(manifests);
            for (String c : COMPONENTS) {
                Files.writeString(manifest(c), new ProcessManifest(kube.componentCommand(c), Map.of(), null).toYaml());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AgentConfig config = AgentConfig.parse(yaml(namespace, probe), dir, Map.of());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(kube.certificateAuthority().trustingContext())
                .connectTimeout(Duration.ofSeconds(1)).build();
        KubeApi reporting = AgentAccess.api(kube, namespace, "selfheal-agent");
        List.of(kube.controllerManager(), kube.scheduler(), kube.apiServer()).forEach(p -> p.stop(Duration.ofSeconds(5)));
        this.agent = NodeAgent.builder(config).api(reporting).processStopGrace(Duration.ofSeconds(3)).build();
        agent.start();
        Await.until("the agent's control plane healthy", Duration.ofSeconds(120),
                () -> agent.health().values().stream().allMatch(ComponentHealth::healthy));
        Await.until("checkpoints of the control plane", Duration.ofSeconds(30),
                () -> COMPONENTS.stream().allMatch(c -> agent.checkpoints().latest(c).isPresent()));
    }

    private String yaml(String namespace, CertificateAuthority.IssuedCertificate probe) {
        String restart = "restart: {backoff: 300ms, maxBackoff: 2s, budget: 20, window: 1m}";
        return """
                node: %s
                namespace: %s
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kube-apiserver
                    runtime: process
                    manifest: manifests/kube-apiserver.yaml
                    probe: {type: https, url: '%s', caFile: '%s', certFile: '%s', keyFile: '%s'}
                    %s
                  - component: kube-scheduler
                    runtime: process
                    manifest: manifests/kube-scheduler.yaml
                    probe: {type: https, url: '%s', insecureSkipVerify: true}
                    %s
                  - component: kube-controller-manager
                    runtime: process
                    manifest: manifests/kube-controller-manager.yaml
                    probe: {type: https, url: '%s', insecureSkipVerify: true}
                    %s
                checkpoint: {keep: 3, restoreAfter: 5s}
                os: {enabled: false}
                """.formatted(MASTER, namespace, readyz(), kube.certificateAuthority().caPem(), probe.certificate(), probe.key(),
                restart, healthz("kube-scheduler"), restart, healthz("kube-controller-manager"), restart);
    }

    private String readyz() {
        return kube.apiServerUrl() + "/readyz";
    }

    private String healthz(String component) {
        String port = kube.componentCommand(component).stream().filter(a -> a.startsWith("--secure-port="))
                .map(a -> a.substring("--secure-port=".length())).findFirst().orElseThrow();
        return "https://127.0.0.1:" + port + "/healthz";
    }

    /** The component's process manifest file. */
    Path manifest(String component) {
        return manifests.resolve(component + ".yaml");
    }

    /** The component's process group now. */
    long process(String component) {
        return ((ProcessRuntime) agent.runtime(component).orElseThrow()).processGroup();
    }

    /** Kills a component (SIGKILL to its process group): a crash. */
    void kill(String component) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process(component)).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
        }
    }

    /** Whether the API server answers {@code /readyz} with ok. */
    boolean apiServerReady() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(readyz())).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    NodeAgent agent() {
        return agent;
    }

    /** Stops the agent and the components it runs. */
    @Override
    public void close() {
        agent.close();
    }

}
