package dev.selfheal.testbed.node;

import dev.selfheal.testbed.kube.Kubeconfigs;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.tls.CertificateAuthority;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control plane of the kubeadm shape on one real master: the master's real kubelet runs etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler (leader election on) as static pods from the manifests in its {@code staticPodPath} ({@link ControlPlaneManifests}), and registers its
 * Node with the API server it hosts, as a kubeadm master does. kubelet starts the static pods on its own, with no
 * API server to talk to (its first attempts to register fail until the API server it just started answers), so
 * there is no bootstrap API server: the testbed's bare-process control plane that {@link RealNodes} hangs off only
 * lends its certificate authority (every certificate of this plane is issued by it, so its admin client
 * certificate works here too) and is otherwise a separate cluster. The API server listens on the master's address,
 * port {@value #API_PORT}, reached from the host over the node network; etcd, the controller-manager and the
 * scheduler on the master's loopback.
 *
 * <p>Workers {@link #join(String, BootPlan) join} it: their kubelets talk to this API server with client
 * certificates of the same authority. The master boots by a {@link BootPlan} too: with the node agent first, the
 * agent starts containerd and kubelet, and kubelet the static pods, as a rebooted kubeadm master does. Not yet
 * here: etcd over TLS.
 *
 * <pre>{@code
 * try (RealNodes nodes = RealNodes.on(kube); StaticPodMaster master = StaticPodMaster.start(nodes, "master")) {
 *     master.client().configMaps()...
 *     Files.delete(master.manifest("kube-apiserver"));
 * }
 * }</pre>
 */
public final class StaticPodMaster implements AutoCloseable {

    /** The API server's port on the master. */
    public static final int API_PORT = 6443;

    /** The control-plane components, each a static pod named {@code <component>-<node>}. */
    public static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");

    private static final Logger LOG = LoggerFactory.getLogger(StaticPodMaster.class);
    private static final Duration START = Duration.ofSeconds(120);

    private final RealNodes nodes;
    private final RealNode node;
    private final List<RealNode> workers = new CopyOnWriteArrayList<>();
    private final CertificateAuthority ca;
    private final Config adminConfig;
    private final KubernetesClient client;
    private final HttpClient http;

    private StaticPodMaster(RealNodes nodes, RealNode node, CertificateAuthority ca, Config adminConfig) {
        this.nodes = nodes;
        this.node = node;
        this.ca = ca;
        this.adminConfig = adminConfig;
        this.client = new KubernetesClientBuilder().withConfig(adminConfig).build();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ca.trustingContext())
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Creates the master, writes its certificates, images and manifests, boots it and waits until its API server
     * answers {@code /readyz} and its Node is Ready there.
     *
     * @param name the Node name, as for {@link RealNodes#add(String)}
     */
    public static StaticPodMaster start(RealNodes nodes, String name) {
        return start(nodes, name, BootPlan.components());
    }

    /**
     * As {@link #start(RealNodes, String)}, the master booting by {@code plan}. Its agent's unit is asked for once
     * the manifests are in the node's {@link RealNode#staticPodPath()}; the API server is
     * {@code https://<node ip>:}{@value #API_PORT}.
     */
    public static StaticPodMaster start(RealNodes nodes, String name, BootPlan plan) {
        long t0 = System.nanoTime();
        RealNode node = nodes.create(name, ip -> "https://" + ip + ":" + API_PORT, plan);
        CertificateAuthority ca = nodes.kube().certificateAuthority();
        Path pki = ca.caPem().getParent();
        String cert = "master-" + name + "-apiserver";
        String sa = "master-" + name + "-sa";
        ca.issueServer(cert, "kubernetes", "kubernetes.default", "kubernetes.default.svc", "10.0.0.1", node.ip());
        ca.writeKeyPair(sa);
        Path images = node.directory().resolve("images");
        node.holdImage(ControlPlaneManifests.etcd().writeLayout(images.resolve("etcd.oci.tar")));
        for (String c : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            node.holdImage(ControlPlaneManifests.k8s(c).writeLayout(images.resolve(c + ".oci.tar")));
        }
        LOG.info("control-plane images of {} packed in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
        try {
            Files.writeString(node.staticPodPath().resolve("etcd.yaml"), ControlPlaneManifests.etcdPod());
            Files.writeString(node.staticPodPath().resolve("kube-apiserver.yaml"),
                    ControlPlaneManifests.apiServerPod(node.ip(), API_PORT, pki, cert, sa));
            for (String c : List.of("kube-controller-manager", "kube-scheduler")) {
                String user = "system:" + c;
                String kubeconfig = "master-" + name + "-" + c + ".kubeconfig";
                Kubeconfigs.write(pki.resolve(kubeconfig), "https://127.0.0.1:" + API_PORT, ca.caPem(),
                        ca.issueClient("master-" + name + "-" + c, user));
                Files.writeString(node.staticPodPath().resolve(c + ".yaml"), ControlPlaneManifests.controllerPod(c, pki, kubeconfig, sa));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the static pod manifests of " + name, e);
        }
        Config admin = new ConfigBuilder(nodes.kube().adminConfig()).withMasterUrl("https://" + node.ip() + ":" + API_PORT).build();
        StaticPodMaster master = new StaticPodMaster(nodes, node, ca, admin);
        node.registersWith(master.client);
        try {
            node.powerOn();
            master.awaitApiReady(START);
            Await.until("master " + name + " Ready on the API server it hosts", START, Duration.ofMillis(500),
                    master::nodeReady, master::kubeletLog);
            // kubelet's first mirror pods are refused until the API server has made its priority classes; it retries
            Await.until("mirror pods of master " + name, START, Duration.ofMillis(500), master::mirrorPodsExist,
                    master::kubeletLog);
            LOG.info("static-pod master {} (API server {}) Ready in {} ms", name, master.apiServerUrl(),
                    (System.nanoTime() - t0) / 1_000_000);
            return master;
        } catch (RuntimeException | Error e) {
            master.close();
            throw e;
        }
    }

    /**
     * Creates a worker node joined to this plane (its kubelet talks to this API server), boots it by {@code plan} and
     * waits until its Node is Ready here.
     *
     * @param name as for {@link RealNodes#add(String)}
     */
    public RealNode join(String name, BootPlan plan) {
        long t0 = System.nanoTime();
        RealNode worker = nodes.create(name, ip -> apiServerUrl(), plan);
        worker.registersWith(client);
        try {
            worker.powerOn();
            worker.awaitReady(START);
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
        workers.add(worker);
        LOG.info("worker {} joined master {} ({}), Ready in {} ms", name, node.name(), plan, (System.nanoTime() - t0) / 1_000_000);
        return worker;
    }

    /** The workers joined so far. */
    public List<RealNode> workers() {
        return List.copyOf(workers);
    }

    /** The master node (its kubelet, containerd, machine). */
    public RealNode node() {
        return node;
    }

    /** {@code https://<master ip>:6443}. */
    public String apiServerUrl() {
        return "https://" + node.ip() + ":" + API_PORT;
    }

    /** A cluster-admin client of this plane (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** The admin client configuration, for building further clients. */
    public Config adminConfig() {
        return adminConfig;
    }

    /** The CA file that signed the API server's certificate. */
    public Path caPem() {
        return ca.caPem();
    }

    /** The manifest of a component (one of {@link #COMPONENTS}) in the master's {@code staticPodPath}. */
    public Path manifest(String component) {
        if (!COMPONENTS.contains(component)) {
            throw new IllegalArgumentException("component '" + component + "' has no static pod here; allowed: " + String.join(", ", COMPONENTS));
        }
        return node.staticPodPath().resolve(component + ".yaml");
    }

    /** Whether the API server answers {@code /readyz} with {@code ok} (anonymous, TLS verified). */
    public boolean apiReady() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(apiServerUrl() + "/readyz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && "ok".equals(r.body().trim());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@link #apiReady()}. */
    public void awaitApiReady(Duration timeout) {
        Await.until("the API server of master " + node.name() + " ready", timeout, Duration.ofMillis(200), this::apiReady,
                () -> "containers:\n" + (node.isPoweredOn() ? node.crictl("ps", "-a") : "(powered off)"));
    }

    /**
     * The ID of a control-plane container running now, or empty when none runs.
     *
     * @param component one of {@link #COMPONENTS}
     */
    public String runningContainer(String component) {
        manifest(component);
        String out = node.crictl("ps", "--state", "running", "--name", "^" + component + "$", "-q").trim();
        return Arrays.stream(out.split("\\s+")).filter(s -> !s.isBlank()).findFirst().orElse("");
    }

    /** Whether the API server holds the mirror pods of every component ({@code <component>-<node>}). */
    public boolean mirrorPodsExist() {
        try {
            return COMPONENTS.stream().allMatch(c ->
                    client.pods().inNamespace("kube-system").withName(c + "-" + node.name()).get() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the master's Node is Ready on the API server it hosts. */
    public boolean nodeReady() {
        try {
            Node n = client.nodes().withName(node.name()).get();
            return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String kubeletLog() {
        return node.kubelet() != null ? node.kubelet().logTail(30)
                : "kubelet not started by the testbed (" + (node.isPoweredOn() ? "on" : "off") + ")";
    }

    /** Powers the workers and the master off (its static pods die with it) and closes the client. */
    @Override
    public void close() {
        workers.forEach(RealNode::close);
        client.close();
        node.close();
    }
}
