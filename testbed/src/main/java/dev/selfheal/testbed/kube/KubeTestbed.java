package dev.selfheal.testbed.kube;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver (RBAC on, TLS with generated
 * certificates), kube-controller-manager, kube-scheduler and kwok for simulated nodes. Each component is a
 * {@link PeerProcess} that tests may kill, freeze or restart.
 *
 * <pre>{@code
 * try (KubeTestbed kube = KubeTestbed.builder().nodeMonitorGracePeriod(Duration.ofSeconds(20)).start()) {
 *     kube.nodes().addReady(NodeTemplate.named("worker-1"), Duration.ofSeconds(30));
 *     kube.client().pods()...
 * }
 * }</pre>
 */
public final class KubeTestbed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeTestbed.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Builder options;
    private final Path dir;
    private final CertificateAuthority ca;
    private final List<PeerProcess> processes = new CopyOnWriteArrayList<>();
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> commands = new java.util.concurrent.ConcurrentHashMap<>();
    private final int etcdPort = Ports.free();
    private final int etcdPeerPort = Ports.free();
    private final int apiPort = Ports.free();
    private final int controllerManagerPort = Ports.free();
    private final int schedulerPort = Ports.free();
    private IssuedCertificate admin;
    private Path[] serviceAccountKeys;
    private PeerProcess etcd;
    private PeerProcess apiServer;
    private PeerProcess controllerManager;
    private PeerProcess scheduler;
    private PeerProcess kwok;
    private KubernetesClient adminClient;

    private KubeTestbed(Builder options) {
        this.options = options;
        this.dir = Workspace.newDir("kube");
        this.ca = CertificateAuthority.create(dir.resolve("pki"), "selfheal-testbed-ca");
    }

    /** A control plane with default options. */
    public static KubeTestbed start() {
        return builder().start();
    }

    /** Options for a control plane. */
    public static Builder builder() {
        return new Builder();
    }

    private KubeTestbed boot() {
        long t0 = System.nanoTime();
        try {
            admin = ca.issueClient("admin", "selfheal-testbed-admin", "system:masters");
            ca.issueServer("apiserver", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "10.0.0.1");
            serviceAccountKeys = ca.writeKeyPair("sa");
            startEtcd();
            startApiServer();
            adminClient = newClient(adminConfig());
            if (options.controllerManager) {
                startControllerManager();
            }
            if (options.scheduler) {
                startScheduler();
            }
            if (options.kwok) {
                startKwok();
            }
            LOG.info("Kubernetes testbed {} ready at {} in {} ms", Versions.get("K8S_VERSION"), apiServerUrl(),
                    (System.nanoTime() - t0) / 1_000_000);
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** (Re)starts etcd on its original ports and data directory. */
    public PeerProcess startEtcd() {
        Path etcdBin = TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcd", "etcd");
        String client = "http://127.0.0.1:" + etcdPort;
        String peer = "http://127.0.0.1:" + etcdPeerPort;
        etcd = launch("etcd", List.of(etcdBin.toString(), "--name=testbed", "--data-dir=" + dir.resolve("etcd-data"),
                "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=testbed=" + peer, "--unsafe-no-fsync=true", "--log-level=warn",
                "--quota-backend-bytes=2147483648"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Await.ready(etcd, START_TIMEOUT, () -> get(http, client + "/health").contains("\"health\":\"true\""));
        return etcd;
    }

    /** (Re)starts kube-apiserver on its original port. */
    public PeerProcess startApiServer() {
        Path bin = k8sBinary("kube-apiserver");
        Path pki = dir.resolve("pki");
        List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
                "--tls-cert-file=" + pki.resolve("apiserver.crt"), "--tls-private-key-file=" + pki.resolve("apiserver.key"),
                "--client-ca-file=" + ca.caPem(),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + serviceAccountKeys[1],
                "--service-account-signing-key-file=" + serviceAccountKeys[0],
                "--api-audiences=https://kubernetes.default.svc.cluster.local",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--authorization-mode=Node,RBAC",
                "--enable-admission-plugins=NodeRestriction",
                "--allow-privileged=true",
                "--endpoint-reconciler-type=none",
                "--enable-priority-and-fairness=false",
                "--profiling=false",
                "--cert-dir=" + dir.resolve("apiserver-certs"),
                "--v=1"));
        options.apiServerFlags.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        apiServer = launch("kube-apiserver", cmd);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ca.trustingContext()).connectTimeout(Duration.ofSeconds(2)).build();
        // /readyz needs authentication only for details; anonymous auth answers the plain check.
        Await.ready(apiServer, START_TIMEOUT, () -> get(http, apiServerUrl() + "/readyz").equals("ok"));
        return apiServer;
    }

    /** (Re)starts kube-controller-manager. */
    public PeerProcess startControllerManager() {
        Path kubeconfig = componentKubeconfig("controller-manager", "system:kube-controller-manager");
        List<String> cmd = new ArrayList<>(List.of(k8sBinary("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1", "--secure-port=" + controllerManagerPort,
                "--cert-dir=" + dir.resolve("controller-manager-certs"),
                "--leader-elect=false",
                "--service-account-private-key-file=" + serviceAccountKeys[0],
                "--root-ca-file=" + ca.caPem(),
                "--use-service-account-credentials=true",
                "--node-monitor-period=" + seconds(options.nodeMonitorPeriod),
                "--node-monitor-grace-period=" + seconds(options.nodeMonitorGracePeriod),
                "--v=1"));
        options.controllerManagerFlags.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        controllerManager = launch("kube-controller-manager", cmd);
        awaitHealthz(controllerManager, controllerManagerPort);
        // Pods cannot be created before the service-account controller made the namespace's default account.
        Await.ready(controllerManager, START_TIMEOUT,
                () -> adminClient == null || adminClient.serviceAccounts().inNamespace("default").withName("default").get() != null);
        return controllerManager;
    }

    /** (Re)starts kube-scheduler. */
    public PeerProcess startScheduler() {
        Path kubeconfig = componentKubeconfig("scheduler", "system:kube-scheduler");
        scheduler = launch("kube-scheduler", List.of(k8sBinary("kube-scheduler").toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1", "--secure-port=" + schedulerPort,
                "--cert-dir=" + dir.resolve("scheduler-certs"),
                "--leader-elect=false", "--v=1"));
        awaitHealthz(scheduler, schedulerPort);
        return scheduler;
    }

    /** (Re)starts kwok, managing every node labelled {@code kwok.x-k8s.io/node=fake}. */
    public PeerProcess startKwok() {
        Path bin = TestbedCache.executable("kwok-" + Versions.get("KWOK_VERSION"), "kwok", "kwok");
        Path kubeconfig = Kubeconfigs.write(dir.resolve("kwok.kubeconfig"), apiServerUrl(), ca.caPem(),
                ca.issueClient("kwok", "kwok-controller", "system:masters"));
        kwok = launch("kwok", List.of(bin.toString(), "--kubeconfig=" + kubeconfig,
                "--manage-all-nodes=false",
                "--manage-nodes-with-label-selector=" + KwokNodes.MANAGED_LABEL + "=fake",
                "--node-lease-duration-seconds=" + options.nodeLeaseDuration.toSeconds(),
                "--cidr=10.244.0.0/16", "--node-ip=10.1.0.1", "--server-address="));
        Await.ready(kwok, START_TIMEOUT, () -> kwok.logTail(200).contains("\"msg\":\"Watch nodes\""));
        return kwok;
    }

    private void awaitHealthz(PeerProcess process, int port) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        Await.ready(process, START_TIMEOUT, () -> get(http, "https://127.0.0.1:" + port + "/healthz").equals("ok"));
    }

    /** The API server URL, {@code https://127.0.0.1:PORT}. */
    public String apiServerUrl() {
        return "https://127.0.0.1:" + apiPort;
    }

    /** A client with cluster-admin rights (group system:masters). Closed with the testbed. */
    public KubernetesClient client() {
        return adminClient;
    }

    /** A kubeconfig file for the admin identity. */
    public Path adminKubeconfig() {
        Path p = dir.resolve("admin.kubeconfig");
        if (!Files.exists(p)) {
            Kubeconfigs.write(p, apiServerUrl(), ca.caPem(), admin);
        }
        return p;
    }

    /** The admin client configuration, for building further clients. */
    public Config adminConfig() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(apiServerUrl())
                .withCaCertData(Kubeconfigs.b64(read(ca.caPem())))
                .withClientCertData(Kubeconfigs.b64(admin.certificatePem()))
                .withClientKeyData(Kubeconfigs.b64(admin.keyPem()))
                .withRequestTimeout(30_000).withConnectionTimeout(10_000)
                .build();
    }

    /**
     * A client acting as a ServiceAccount (created when missing) with a fresh bound token, so RBAC rules
     * are tested for real. Closed with the testbed.
     */
    public KubernetesClient serviceAccountClient(String namespace, String name) {
        adminClient.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build()).createOr(r -> r.update());
        TokenRequest tr = adminClient.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
        Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(apiServerUrl())
                .withCaCertData(Kubeconfigs.b64(read(ca.caPem())))
                .withOauthToken(tr.getStatus().getToken())
                .withRequestTimeout(30_000).withConnectionTimeout(10_000)
                .build();
        return newClient(cfg);
    }

    /** The simulated nodes. */
    public KwokNodes nodes() {
        return new KwokNodes(adminClient);
    }

    /** The CA that signed every certificate of this control plane. */
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The etcd client URL. */
    public String etcdUrl() {
        return "http://127.0.0.1:" + etcdPort;
    }

    /** The etcd process. */
    public PeerProcess etcd() {
        return etcd;
    }

    /** The kube-apiserver process. */
    public PeerProcess apiServer() {
        return apiServer;
    }

    /** The kube-controller-manager process, or null when not started. */
    public PeerProcess controllerManager() {
        return controllerManager;
    }

    /** The kube-scheduler process, or null when not started. */
    public PeerProcess scheduler() {
        return scheduler;
    }

    /** The kwok process, or null when not started. */
    public PeerProcess kwok() {
        return kwok;
    }

    /**
     * The exact command line (executable and flags) this testbed last started a component with, so a test can
     * run the same component under another supervisor (ports, certificates and data directory included).
     *
     * @param name {@code etcd}, {@code kube-apiserver}, {@code kube-controller-manager}, {@code kube-scheduler}
     *             or {@code kwok}
     * @throws IllegalArgumentException when that component was never started
     */
    public List<String> componentCommand(String name) {
        List<String> cmd = commands.get(name);
        if (cmd == null) {
            throw new IllegalArgumentException("component " + name + " was not started; started: " + commands.keySet());
        }
        return cmd;
    }

    /** The etcd data directory. */
    public Path etcdDataDir() {
        return dir.resolve("etcd-data");
    }

    /** This control plane's working directory (data, certificates, logs). */
    public Path directory() {
        return dir;
    }

    /** Stops every component and closes every client. */
    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        clients.clear();
        List<PeerProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        reversed.forEach(p -> p.stop(Duration.ofSeconds(5)));
        processes.clear();
    }

    private KubernetesClient newClient(Config cfg) {
        KubernetesClient c = new KubernetesClientBuilder().withConfig(cfg).build();
        clients.add(c);
        return c;
    }

    private Path componentKubeconfig(String name, String user) {
        return Kubeconfigs.write(dir.resolve(name + ".kubeconfig"), apiServerUrl(), ca.caPem(), ca.issueClient(name, user));
    }

    private PeerProcess launch(String name, List<String> cmd) {
        processes.removeIf(p -> p.name().equals(name) && !p.isAlive());
        commands.put(name, List.copyOf(cmd));
        PeerProcess p = PeerProcess.start(name, cmd, Map.of(), dir, dir.resolve("logs").resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    private static Path k8sBinary(String name) {
        return TestbedCache.executable("k8s-" + Versions.get("K8S_VERSION"), name, "k8s");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body() == null ? "" : r.body().trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The controller-manager and scheduler serve self-signed certificates; their /healthz is only a liveness probe. */
    private static javax.net.ssl.SSLContext trustAll() {
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options of a {@link KubeTestbed}. */
    public static final class Builder {
        private Duration nodeMonitorPeriod = Duration.ofSeconds(5);
        private Duration nodeMonitorGracePeriod = Duration.ofSeconds(50);
        private Duration nodeLeaseDuration = Duration.ofSeconds(40);
        private boolean controllerManager = true;
        private boolean scheduler = true;
        private boolean kwok = true;
        private final Map<String, String> apiServerFlags = new java.util.LinkedHashMap<>();
        private final Map<String, String> controllerManagerFlags = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /** kube-controller-manager {@code --node-monitor-grace-period} (Kubernetes default 50 s). */
        public Builder nodeMonitorGracePeriod(Duration d) {
            this.nodeMonitorGracePeriod = positive(d, "nodeMonitorGracePeriod");
            return this;
        }

        /** kube-controller-manager {@code --node-monitor-period} (default 5 s). */
        public Builder nodeMonitorPeriod(Duration d) {
            this.nodeMonitorPeriod = positive(d, "nodeMonitorPeriod");
            return this;
        }

        /** kwok node Lease duration (kubelet default 40 s; renewed every quarter of it). */
        public Builder nodeLeaseDuration(Duration d) {
            if (d.toSeconds() < 1) {
                throw new IllegalArgumentException("nodeLeaseDuration must be at least 1 s, got " + d);
            }
            this.nodeLeaseDuration = d;
            return this;
        }

        /** Whether to run kube-controller-manager (default true). */
        public Builder controllerManager(boolean on) {
            this.controllerManager = on;
            return this;
        }

        /** Whether to run kube-scheduler (default true). */
        public Builder scheduler(boolean on) {
            this.scheduler = on;
            return this;
        }

        /** Whether to run kwok (default true). */
        public Builder kwok(boolean on) {
            this.kwok = on;
            return this;
        }

        /** An extra kube-apiserver flag, without the leading dashes. */
        public Builder apiServerFlag(String name, String value) {
            apiServerFlags.put(name, value);
            return this;
        }

        /** An extra kube-controller-manager flag, without the leading dashes. */
        public Builder controllerManagerFlag(String name, String value) {
            controllerManagerFlags.put(name, value);
            return this;
        }

        /** Starts the control plane and waits until every component is ready. */
        public KubeTestbed start() {
            return new KubeTestbed(this).boot();
        }

        private static Duration positive(Duration d, String field) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, got " + d);
            }
            return d;
        }
    }
}
