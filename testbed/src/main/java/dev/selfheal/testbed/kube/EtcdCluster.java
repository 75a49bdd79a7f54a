package dev.selfheal.testbed.kube;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real etcd cluster of several members on 127.0.0.1 (each member on a client and a peer port of its own, a
 * data directory each), built from the testbed's etcd: plain http ({@link #create}), or TLS on both ports with
 * client certificates required, all issued by a CA of the cluster's own ({@link #createTls}). The cluster is only laid out by
 * {@link #create}; each member is started by {@link #start(int)} as a testbed peer process, or handed to
 * someone else (a node agent) by its {@link #command(int) command line}. Members can be killed and their data
 * destroyed, the failures of a real control plane's etcd.
 */
public final class EtcdCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One member's layout.
     *
     * @param name the member name ({@code etcd-0}, ...)
     * @param clientPort its client port
     * @param peerPort its peer port
     * @param dataDir its data directory
     * @param tls whether it speaks TLS
     */
    public record Member(String name, int clientPort, int peerPort, Path dataDir, boolean tls) {
        public String clientUrl() {
            return (tls ? "https" : "http") + "://127.0.0.1:" + clientPort;
        }

        public String peerUrl() {
            return (tls ? "https" : "http") + "://127.0.0.1:" + peerPort;
        }
    }

    private final Path dir;
    private final List<Member> members;
    private final PeerProcess[] processes;
    private final CertificateAuthority ca;
    private final CertificateAuthority.IssuedCertificate client;
    private final HttpClient http;

    private EtcdCluster(Path dir, List<Member> members, CertificateAuthority ca) {
        this.dir = dir;
        this.members = List.copyOf(members);
        this.processes = new PeerProcess[members.size()];
        this.ca = ca;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (ca != null) {
            members.forEach(m -> ca.issueServer(m.name()));
            this.client = ca.issueClient("etcd-client", "etcd-client");
            b.sslContext(ca.clientContext("etcd-cluster-test"));
        } else {
            this.client = null;
        }
        this.http = b.build();
    }

    /** Lays out a plain-http cluster of {@code size} members (none started). */
    public static EtcdCluster create(int size) {
        return create(size, false);
    }

    /**
     * Lays out a cluster of {@code size} members (none started) with TLS on client and peer ports, client
     * certificates required on both; {@link #caFile()}, {@link #clientCertFile()} and {@link #clientKeyFile()}
     * are what a client needs.
     */
    public static EtcdCluster createTls(int size) {
        return create(size, true);
    }

    private static EtcdCluster create(int size, boolean tls) {
        if (size < 1 || size > 7) {
            throw new IllegalArgumentException("size " + size + " is out of range; allowed 1 to 7");
        }
        etcdBinary();
        Path dir = Workspace.newDir("etcd-cluster");
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(new Member("etcd-" + i, Ports.free(), Ports.free(), dir.resolve("etcd-" + i + "-data"), tls));
        }
        return new EtcdCluster(dir, members, tls ? CertificateAuthority.create(dir.resolve("pki"), "etcd-ca") : null);
    }

    /** The CA of a TLS cluster (PEM), or null. */
    public Path caFile() {
        return ca == null ? null : ca.caPem();
    }

    /** A client certificate of a TLS cluster (PEM), or null. */
    public Path clientCertFile() {
        return client == null ? null : client.certificate();
    }

    /** Its key (PEM), or null. */
    public Path clientKeyFile() {
        return client == null ? null : client.key();
    }

    /** The testbed's etcd executable. */
    public static Path etcdBinary() {
        return TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcd", "etcd");
    }

    /** The testbed's etcdutl executable (snapshot restore). */
    public static Path etcdutlBinary() {
        return TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcdutl", "etcd");
    }

    public List<Member> members() {
        return members;
    }

    public Member member(int i) {
        return members.get(i);
    }

    /** The folder of this cluster (data directories and logs). */
    public Path dir() {
        return dir;
    }

    /** Every member's client URL. */
    public List<String> clientUrls() {
        return members.stream().map(Member::clientUrl).toList();
    }

    /** {@code name=peerURL,...} of every member. */
    public String initialCluster() {
        return members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
    }

    /** The command line of member {@code i} as it first bootstraps the cluster ({@code --initial-cluster-state=new}). */
    public List<String> command(int i) {
        Member m = members.get(i);
        List<String> cmd = new ArrayList<>(List.of(etcdBinary().toString(), "--name=" + m.name(), "--data-dir=" + m.dataDir(),
                "--listen-client-urls=" + m.clientUrl(), "--advertise-client-urls=" + m.clientUrl(),
                "--listen-peer-urls=" + m.peerUrl(), "--initial-advertise-peer-urls=" + m.peerUrl(),
                "--initial-cluster=" + initialCluster(), "--initial-cluster-state=new",
                "--initial-cluster-token=selfheal-testbed", "--unsafe-no-fsync=true", "--log-level=warn"));
        if (ca != null) {
            Path pki = dir.resolve("pki");
            String crt = pki.resolve(m.name() + ".crt").toString();
            String key = pki.resolve(m.name() + ".key").toString();
            cmd.addAll(List.of("--cert-file=" + crt, "--key-file=" + key, "--trusted-ca-file=" + ca.caPem(),
                    "--client-cert-auth=true", "--peer-cert-file=" + crt, "--peer-key-file=" + key,
                    "--peer-trusted-ca-file=" + ca.caPem(), "--peer-client-cert-auth=true"));
        }
        return List.copyOf(cmd);
    }

    /** Starts member {@code i} as a testbed peer with its {@link #command} (it may wait for its peers). */
    public PeerProcess start(int i) {
        Member m = members.get(i);
        processes[i] = PeerProcess.start(m.name(), command(i), Map.of(), dir, dir.resolve("logs").resolve(m.name() + ".log"));
        return processes[i];
    }

    /** Waits until member {@code i} answers {@code /health} with health true. */
    public void awaitHealthy(int i) {
        PeerProcess p = processes[i];
        if (p != null) {
            Await.ready(p, START_TIMEOUT, () -> healthy(i));
        } else {
            Await.until(members.get(i).name() + " to become healthy", START_TIMEOUT, () -> healthy(i));
        }
    }

    /** Whether member {@code i} answers {@code /health} with health true. */
    public boolean healthy(int i) {
        return get(members.get(i).clientUrl() + "/health").contains("\"health\":\"true\"");
    }

    /** Kills member {@code i} (SIGKILL to its process group) when the testbed started it. */
    public void kill(int i) {
        if (processes[i] != null) {
            processes[i].kill();
            Await.until(members.get(i).name() + " to exit", Duration.ofSeconds(10), () -> !processes[i].isAlive());
        }
    }

    /** Deletes member {@code i}'s data directory and everything in it. */
    public void destroyData(int i) {
        deleteTree(members.get(i).dataDir());
    }

    @Override
    public void close() {
        for (PeerProcess p : processes) {
            if (p != null) {
                p.close();
            }
        }
    }

    private String get(String url) {
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

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
