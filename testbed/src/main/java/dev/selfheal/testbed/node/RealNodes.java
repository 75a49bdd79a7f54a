package dev.selfheal.testbed.node;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.StaleProcessReaper;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kubernetes nodes joined to a {@link KubeTestbed}, beside its kwok nodes. Each {@link RealNode} is a
 * "machine": a process tree whose init (the pause binary) holds a PID, mount and network namespace of its
 * own; containerd 1.6 and kubelet run in those namespaces, so the node has its own /run, /var/lib,
 * /var/log, shadowed kernel sysctls, network (a veth on the nodes' bridge, routes to every other node's pod
 * range), iptables chains and cgroupRoot. kubelet authenticates with a client certificate of the testbed CA
 * ({@code system:node:<name>}, group {@code system:nodes}) under the Node authorizer.
 *
 * <p>Nothing stays on the host: killing a machine's init kills every process of it, containers included,
 * and its namespaces take their mounts, veths and iptables chains with them; cgroup folders are removed at
 * power-off, by a janitor process when the JVM dies (even by SIGKILL), and by the next run otherwise.
 *
 * <pre>{@code
 * try (RealNodes nodes = RealNodes.start()) {
 *     RealNode a = nodes.add("real-a");
 *     a.killKubelet();
 *     a.startKubelet();
 *     a.powerOff();
 * }
 * }</pre>
 */
public final class RealNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RealNodes.class);
    private static final Duration READY = Duration.ofSeconds(120);

    private final KubeTestbed kube;
    private final boolean ownsKube;
    private final Path dir;
    private final NodeFabric fabric;
    private final List<Path> images;
    private final Map<String, RealNode> nodes = new LinkedHashMap<>();

    private RealNodes(KubeTestbed kube, boolean ownsKube) {
        requireHostTools();
        this.kube = kube;
        this.ownsKube = ownsKube;
        this.dir = Workspace.newDir("realnodes");
        StaleProcessReaper.reapOnce();
        int stale = NodeCgroups.reapStale();
        if (stale > 0) {
            LOG.warn("removed the node cgroups of {} earlier test run(s)", stale);
        }
        NodeJanitor.startOnce();
        this.images = List.of(TestImages.pause().writeLayout(dir.resolve("images/pause.oci.tar")),
                TestImages.busybox().writeLayout(dir.resolve("images/busybox.oci.tar")));
        this.fabric = NodeFabric.start(dir, URI.create(kube.apiServerUrl()).getPort());
    }

    /** Starts a control plane of its own (closed with these nodes) and the node network. */
    public static RealNodes start() {
        KubeTestbed kube = KubeTestbed.start();
        try {
            return new RealNodes(kube, true);
        } catch (RuntimeException | Error e) {
            kube.close();
            throw e;
        }
    }

    /** Real nodes for an existing control plane (left running on close). */
    public static RealNodes on(KubeTestbed kube) {
        return new RealNodes(kube, false);
    }

    /**
     * Creates a node, boots it and waits until its Node is Ready.
     *
     * @param name the Node name: a DNS label (lowercase letters, digits, '-'), unique among these nodes
     */
    public synchronized RealNode add(String name) {
        return add(name, BootPlan.components());
    }

    /**
     * Creates a node that boots by {@code plan}, boots it and waits until its Node is Ready.
     *
     * @param name as for {@link #add(String)}
     */
    public synchronized RealNode add(String name, BootPlan plan) {
        RealNode node = create(name, ip -> "https://" + fabric.gateway() + ":" + fabric.apiPort(), plan);
        long t0 = System.nanoTime();
        node.powerOn();
        node.awaitReady(READY);
        LOG.info("real node {} Ready in {} ms ({})", name, (System.nanoTime() - t0) / 1_000_000, node.footprint());
        return node;
    }

    /**
     * Creates a node and boots its machine alone, without containerd and kubelet, for a supervisor (the node
     * agent) that starts them; see {@link RealNode#powerOnMachine()}.
     *
     * @param name as for {@link #add(String)}
     */
    public synchronized RealNode addMachine(String name) {
        RealNode node = create(name);
        node.powerOnMachine();
        return node;
    }

    private RealNode create(String name) {
        return create(name, ip -> "https://" + fabric.gateway() + ":" + fabric.apiPort(), BootPlan.components());
    }

    /**
     * Creates a node (powered off) whose kubelet talks to the API server {@code server} gives for the node's
     * address, for a node hosting an API server of its own ({@link StaticPodMaster}) or joined to one.
     */
    synchronized RealNode create(String name, UnaryOperator<String> server, BootPlan plan) {
        if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?")) {
            throw new IllegalArgumentException("node name '" + name
                    + "' must be a DNS label: lowercase letters, digits and '-', at most 42 characters");
        }
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("node name '" + name + "' is taken; nodes: " + nodes.keySet());
        }
        int index = nodes.size() + 1;
        NodeConfig config = new NodeConfig(dir.resolve(name));
        IssuedCertificate cert = kube.certificateAuthority().issueClient("kubelet-" + name, "system:node:" + name,
                "system:nodes");
        config.write(name, fabric.nodeIp(index), index, server.apply(fabric.nodeIp(index)),
                kube.certificateAuthority().caPem(), cert);
        RealNode node = new RealNode(this, name, index, config, cert, plan);
        nodes.put(name, node);
        return node;
    }

    /** A node added before. */
    public synchronized RealNode node(String name) {
        RealNode n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no real node '" + name + "'; nodes: " + nodes.keySet());
        }
        return n;
    }

    /** Every node added, in order. */
    public synchronized List<RealNode> all() {
        return new ArrayList<>(nodes.values());
    }

    /** The control plane. */
    public KubeTestbed kube() {
        return kube;
    }

    /** The host's interface to the node network (it vanishes with the network). */
    public String hostInterface() {
        return fabric.hostInterface();
    }

    /**
     * The host's address on the node network (the nodes' default gateway), where the nodes and their pods reach the
     * API server, {@link #relayToHost(int) relayed peers} and any server a test binds here (such as a Toxiproxy
     * proxy). The API server's certificate does not name it (it names
     * {@code localhost} and {@code kubernetes.default.svc}): a client verifies a name that resolves here.
     */
    public String hostAddress() {
        return fabric.gateway();
    }

    /** The port on {@link #hostAddress()} that reaches the API server. */
    public int apiServerPort() {
        return fabric.apiPort();
    }

    /**
     * Makes a peer that listens on the host's 127.0.0.1:{@code port} (moto, the Redfish emulator...) reachable from
     * the nodes and their pods at {@link #hostAddress()} and the port returned; closed with the node network.
     */
    public int relayToHost(int port) {
        return fabric.relayTo(port);
    }

    NodeFabric fabric() {
        return fabric;
    }

    List<Path> images() {
        return images;
    }

    /** Wires a freshly booted node into the network and routes between it and every other node. */
    synchronized void plugIn(RealNode booted) {
        fabric.attach(booted.index(), booted.initPid());
        for (RealNode other : nodes.values()) {
            if (other != booted) {
                fabric.route(booted.initPid(), other.index());
                if (other.isPoweredOn()) {
                    fabric.route(other.initPid(), booted.index());
                }
            }
        }
    }

    /** Powers every node off, removes the network and, when started by {@link #start()}, the control plane. */
    @Override
    public synchronized void close() {
        nodes.values().forEach(RealNode::close);
        fabric.close();
        NodeCgroups.removeOwnerFolder();
        if (ownsKube) {
            kube.close();
        }
    }

    private static void requireHostTools() {
        TestbedCache.systemCommand("containerd", "containerd");
        TestbedCache.systemCommand("ctr", "containerd");
        TestbedCache.systemCommand("iptables", "iptables");
        TestbedCache.systemCommand("nsenter", "util-linux");
        for (Path p : List.of(Path.of("/usr/sbin/runc"), Path.of("/usr/lib/cni/bridge"), Path.of("/usr/lib/cni/host-local"),
                Path.of("/usr/lib/cni/portmap"))) {
            if (!Files.isExecutable(p)) {
                throw new MissingPeerException(p + " not found. Install the Debian packages runc and"
                        + " containernetworking-plugins (or run testbed/provision/provision.sh realnode-apt)");
            }
        }
        TestbedCache.executable("k8s-" + Versions.get("K8S_VERSION"), "kubelet", "k8s");
        TestbedCache.executable("crictl-" + Versions.get("CRICTL_VERSION"), "crictl", "crictl");
    }
}
