package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A highly available control plane of the kubeadm shape ("stacked etcd") on three real masters: each master's real
 * kubelet runs an etcd member, kube-apiserver, kube-controller-manager and kube-scheduler as static pods
 * ({@link ControlPlaneManifests}); the three etcd members form one cluster, peers and clients over TLS with
 * certificates of the testbed CA; each API server talks to its local member, each controller-manager and scheduler
 * to its local API server, with leader election on. A local load balancer (Debian's haproxy, {@link ApiBalancer})
 * on the host's address on the node network, health-checking every API server's {@code /readyz}, is the address
 * of the cluster: the admin client, workers ({@link #addWorker(String)}), the healer, the agents and the masters'
 * kubelets use it (a kubelet whose own master's API server or etcd member is down still reaches the API).
 *
 * <p>As for {@link StaticPodMaster}, the bare-process plane that {@link RealNodes} hangs off only lends its
 * certificate authority; this is a separate cluster.
 *
 * <pre>{@code
 * try (RealNodes nodes = RealNodes.on(kube); ThreeMasterPlane plane = ThreeMasterPlane.start(nodes, "master")) {
 *     RealNode worker = plane.addWorker("worker");
 *     plane.client().pods()...
 * }
 * }</pre>
 */
public final class ThreeMasterPlane implements AutoCloseable {

    /** The API server's port on each master. */
    public static final int API_PORT = 6443;

    /** The control-plane components of each master, each a static pod named {@code <component>-<master>}. */
    public static final List<String> COMPONENTS = StaticPodMaster.COMPONENTS;

    static final List<String> K8S_COMPONENTS = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");

    private static final Logger LOG = LoggerFactory.getLogger(ThreeMasterPlane.class);
    private static final Duration START = Duration.ofSeconds(180);

    private final RealNodes nodes;
    private final List<EtcdMember> members;
    private final ApiBalancer balancer;
    private final CertificateAuthority ca;
    private final IssuedCertificate etcdClient;
    private final EtcdClient etcd;
    private final Config adminConfig;
    private final KubernetesClient client;
    private final HttpClient http;
    private final List<RealNode> workers = new ArrayList<>();
    private volatile long startupMillis;

    private ThreeMasterPlane(RealNodes nodes, List<EtcdMember> members, ApiBalancer balancer, IssuedCertificate etcdClient) {
        this.nodes = nodes;
        this.members = List.copyOf(members);
        this.balancer = balancer;
        this.ca = nodes.kube().certificateAuthority();
        this.etcdClient = etcdClient;
        this.etcd = new EtcdClient(ca, etcdClient);
        this.adminConfig = new ConfigBuilder(nodes.kube().adminConfig()).withMasterUrl(balancer.url()).build();
        this.client = new KubernetesClientBuilder().withConfig(adminConfig).build();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ca.trustingContext())
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Creates three masters named {@code <prefix>-1..3}, writes their certificates, images and manifests, starts the
     * balancer, boots the masters and waits until every API server answers {@code /readyz}, through the balancer too,
     * and every master is Ready with its mirror pods.
     *
     * @param prefix the masters' name prefix, a DNS label
     * @throws dev.selfheal.testbed.process.MissingPeerException when haproxy is not installed, before anything starts
     */
    public static ThreeMasterPlane start(RealNodes nodes, String prefix) {
        ApiBalancer.requireHaproxy();
        long t0 = System.nanoTime();
        ThreeMasterFiles files = new ThreeMasterFiles(nodes.kube().certificateAuthority());
        List<EtcdMember> members = new ArrayList<>();
        // every kubelet, the masters' too, reaches the API through the balancer: a master whose own API server or etcd
        // member is down still has its mirror pods and status written (else the kubelet waits about 35 s on its own
        // API server before starting a changed static pod)
        int balancerPort = Ports.free();
        String balanced = "https://" + nodes.hostAddress() + ":" + balancerPort;
        for (int i = 1; i <= 3; i++) {
            members.add(files.member(nodes.create(prefix + "-" + i, ip -> balanced, BootPlan.components())));
        }
        Path dir = Workspace.newDir("three-masters");
        List<Path> images = files.images(dir.resolve("images"));
        IssuedCertificate etcdClient = files.shared(API_PORT);
        for (EtcdMember m : members) {
            images.forEach(m.node()::holdImage);
            files.manifests(m, members, API_PORT, nodes.hostAddress());
        }
        ApiBalancer balancer = ApiBalancer.start(dir.resolve("haproxy"), nodes.hostAddress(), balancerPort,
                members.stream().map(m -> m.node().ip() + ":" + API_PORT).toList(), nodes.kube().certificateAuthority().caPem());
        ThreeMasterPlane plane = new ThreeMasterPlane(nodes, members, balancer, etcdClient);
        try {
            plane.boot();
            plane.startupMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("three-master plane (balancer {}) Ready in {} ms", balancer.url(), plane.startupMillis);
            return plane;
        } catch (RuntimeException | Error e) {
            plane.close();
            throw e;
        }
    }

    private void boot() {
        masters().forEach(RealNode::powerOn);
        for (RealNode m : masters()) {
            awaitApiReady(m, START);
        }
        for (EtcdMember m : members) {
            Await.until("etcd member " + m.name() + " healthy with three members", START, Duration.ofMillis(500),
                    () -> etcd.healthy(m.clientUrl()) && etcd.memberNames(m.clientUrl()).size() == members.size(), null);
        }
        Await.until("the API through the balancer", START, Duration.ofMillis(200), this::balancerReady,
                () -> balancer.process().logTail(20));
        for (RealNode m : masters()) {
            Await.until("master " + m.name() + " Ready", START, Duration.ofMillis(500), () -> nodeReady(m.name()),
                    () -> m.kubelet() == null ? "kubelet not running" : m.kubelet().logTail(30));
            Await.until("mirror pods of master " + m.name(), START, Duration.ofMillis(500), () -> mirrorPodsExist(m),
                    () -> m.kubelet().logTail(30));
        }
        // a controller-manager started before the API server's RBAC roles exits; kubelet restarts it after a back-off
        awaitSettled(START);
    }

    /**
     * Waits until every component runs on every master, every API server answers {@code /readyz} and so does the
     * balancer: a plane back in shape after a failure.
     */
    public void awaitSettled(Duration timeout) {
        for (RealNode m : masters()) {
            Await.until("every component running on master " + m.name(), timeout, Duration.ofMillis(500),
                    () -> COMPONENTS.stream().noneMatch(c -> runningContainer(m, c).isEmpty()), () -> m.crictl("ps", "-a"));
            awaitApiReady(m, timeout);
        }
        Await.until("the API through the balancer", timeout, Duration.ofMillis(200), this::balancerReady,
                () -> balancer.process().logTail(20));
    }

    /**
     * Adds a worker: a plain real node whose kubelet reaches the API through the balancer; waits until it is Ready.
     *
     * @param name the Node name, as for {@link RealNodes#add(String)}
     */
    public synchronized RealNode addWorker(String name) {
        RealNode worker = nodes.create(name, ip -> balancer.url(), BootPlan.components());
        worker.powerOn();
        workers.add(worker);
        Await.until("worker " + name + " Ready", START, Duration.ofMillis(500), () -> nodeReady(name),
                () -> worker.kubelet() == null ? "kubelet not running" : worker.kubelet().logTail(30));
        return worker;
    }

    /** The three masters, in order. */
    public List<RealNode> masters() {
        return members.stream().map(EtcdMember::node).toList();
    }

    /** The workers added, in order. */
    public synchronized List<RealNode> workers() {
        return List.copyOf(workers);
    }

    /** The etcd members, in the masters' order. */
    public List<EtcdMember> etcdMembers() {
        return members;
    }

    /** The etcd member on {@code master}. */
    public EtcdMember etcdMember(RealNode master) {
        return members.stream().filter(m -> m.node() == master).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(master.name() + " is not a master of this plane; masters: "
                        + members.stream().map(EtcdMember::name).toList()));
    }

    /** Every member's client URL ({@code https://<master ip>:2379}). */
    public List<String> etcdEndpoints() {
        return members.stream().map(EtcdMember::clientUrl).toList();
    }

    /** A client certificate etcd accepts (for tests, etcdctl, an agent's snapshots and member repair). */
    public IssuedCertificate etcdClientCertificate() {
        return etcdClient;
    }

    /** An etcd client (health, member list) with {@link #etcdClientCertificate()}. */
    public EtcdClient etcd() {
        return etcd;
    }

    /** The CA file every certificate of the plane (etcd's and the API servers') is issued by. */
    public Path caPem() {
        return ca.caPem();
    }

    /** The balancer's URL, {@code https://<host address on the node network>:<port>}: the cluster's address. */
    public String apiServerUrl() {
        return balancer.url();
    }

    /** The host pid of the balancer's process group, for cleanup checks. */
    public long balancerPid() {
        return balancer.process().pid();
    }

    /**
     * How many times the balancer's health checks have taken {@code master}'s API server out of the rotation since
     * start, as its log says (the first count includes the checks failing while the masters boot).
     */
    public long balancerTakeOuts(RealNode master) {
        String line = "kube-apiservers/apiserver-" + (members.indexOf(etcdMember(master)) + 1) + " is DOWN";
        return balancer.process().logTail(100_000).lines().filter(l -> l.startsWith("Server " + line)).count();
    }

    /** {@code https://<master ip>:6443}: one master's API server, not through the balancer. */
    public String apiServerUrl(RealNode master) {
        etcdMember(master);
        return "https://" + master.ip() + ":" + API_PORT;
    }

    /** A cluster-admin client through the balancer (closed with the plane). */
    public KubernetesClient client() {
        return client;
    }

    /** The admin client configuration (through the balancer), for building further clients. */
    public Config adminConfig() {
        return adminConfig;
    }

    /** How long {@link #start(RealNodes, String)} took, files to Ready masters. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The manifest of a component (one of {@link #COMPONENTS}) in a master's {@code staticPodPath}. */
    public Path manifest(RealNode master, String component) {
        requireComponent(component);
        etcdMember(master);
        return master.staticPodPath().resolve(component + ".yaml");
    }

    /** Whether {@code master}'s API server answers {@code /readyz} with {@code ok}, directly. */
    public boolean apiReady(RealNode master) {
        return readyz(apiServerUrl(master));
    }

    /** Whether the balancer answers {@code /readyz} with {@code ok}. */
    public boolean balancerReady() {
        return readyz(balancer.url());
    }

    /** Waits until {@link #apiReady(RealNode)}. */
    public void awaitApiReady(RealNode master, Duration timeout) {
        Await.until("the API server of master " + master.name() + " ready", timeout, Duration.ofMillis(200),
                () -> apiReady(master), () -> "containers:\n" + (master.isPoweredOn() ? master.crictl("ps", "-a") : "(off)"));
    }

    /** The ID of a component's running container on {@code master}, or empty when none runs. */
    public String runningContainer(RealNode master, String component) {
        requireComponent(component);
        String out = master.crictl("ps", "--state", "running", "--name", "^" + component + "$", "-q").trim();
        return out.isEmpty() ? "" : out.split("\\s+")[0];
    }

    /** The running container of every component on every master: {@code master -> component -> container ID}. */
    public Map<String, Map<String, String>> runningContainers() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (RealNode m : masters()) {
            Map<String, String> byComponent = new LinkedHashMap<>();
            COMPONENTS.forEach(c -> byComponent.put(c, runningContainer(m, c)));
            all.put(m.name(), byComponent);
        }
        return all;
    }

    /**
     * Whether the component's current container on {@code master} (kube-scheduler or kube-controller-manager) has
     * acquired its leader-election lease, as its log says.
     */
    public boolean holdsLease(RealNode master, String component) {
        return ContainerLogs.latest(master, component).contains("successfully acquired lease");
    }

    /** Whether the API server holds the mirror pods of every component of {@code master}. */
    public boolean mirrorPodsExist(RealNode master) {
        try {
            return COMPONENTS.stream().allMatch(c ->
                    client.pods().inNamespace("kube-system").withName(c + "-" + master.name()).get() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a Node (master or worker) is Ready, asked through the balancer. */
    public boolean nodeReady(String name) {
        try {
            Node n = client.nodes().withName(name).get();
            return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean readyz(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/readyz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && "ok".equals(r.body().trim());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requireComponent(String component) {
        if (!COMPONENTS.contains(component)) {
            throw new IllegalArgumentException("component '" + component + "' has no static pod here; allowed: "
                    + String.join(", ", COMPONENTS));
        }
    }

    /** Powers off the workers and the masters, stops the balancer and closes the client. */
    @Override
    public void close() {
        client.close();
        workers().forEach(RealNode::close);
        masters().forEach(RealNode::close);
        balancer.close();
    }
}
