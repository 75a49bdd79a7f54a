package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Kubernetes node: containerd and a real kubelet in a "machine" of their own, a process tree in its
 * own PID, mount and network namespaces (see {@link RealNodes} for how the machines are built). Its power
 * can be cut and restored, and its kubelet or containerd killed and restarted alone, for fault injection.
 */
public final class RealNode implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final RealNodes cluster;
    private final String name;
    private final int index;
    private final NodeConfig config;
    private final IssuedCertificate credentials;
    private final BootPlan plan;
    private volatile MachineUnit agentUnit;
    private volatile KubernetesClient api;
    private volatile PeerProcess machine;
    private volatile PeerProcess containerd;
    private volatile PeerProcess kubelet;
    private volatile long initPid;
    private final List<Runnable> powerOffHooks = new CopyOnWriteArrayList<>();
    private final List<Path> ownImages = new CopyOnWriteArrayList<>();
    private final List<PeerProcess> units = new CopyOnWriteArrayList<>();

    RealNode(RealNodes cluster, String name, int index, NodeConfig config, IssuedCertificate credentials, BootPlan plan) {
        this.cluster = cluster;
        this.plan = plan;
        this.api = cluster.kube().client();
        this.credentials = credentials;
        this.name = name;
        this.index = index;
        this.config = config;
    }

    /** The Node name. */
    public String name() {
        return name;
    }

    /** kubelet's client certificate ({@code system:node:<name>}, group {@code system:nodes}). */
    public IssuedCertificate credentials() {
        return credentials;
    }

    /** The machine's address on the node network. */
    public String ip() {
        return cluster.fabric().nodeIp(index);
    }

    /** The pod address range. */
    public String podCidr() {
        return NodeFabric.podCidr(index);
    }

    int index() {
        return index;
    }

    /** The host pid of the machine's init (PID 1 inside it), 0 when powered off. */
    public long initPid() {
        return initPid;
    }

    /** Whether the machine is on. */
    public boolean isPoweredOn() {
        return machine != null && machine.isAlive();
    }

    /**
     * Boots the machine: namespaces, its own /run, /var/lib and /var/log, network, then what its {@link BootPlan}
     * starts: containerd (with the testbed images) and kubelet, returning once kubelet runs; or the node agent,
     * returning once it runs (it starts the rest). See {@link #awaitReady(Duration)}.
     */
    public synchronized void powerOn() {
        if (plan.isAgentFirst() && agentUnit == null) {
            agentUnit = plan.agentUnit(this);
        }
        powerOnMachine();
        try {
            plan.boot(this, agentUnit);
        } catch (RuntimeException | Error e) {
            powerOff();
            throw e;
        }
    }

    /**
     * Boots the machine alone (namespaces, mounts, network) without containerd and kubelet, for a supervisor
     * such as the node agent that starts them with {@link #containerdCommand()} and {@link #kubeletCommand()}.
     */
    public synchronized void powerOnMachine() {
        if (isPoweredOn()) {
            throw new IllegalStateException("node " + name + " is already powered on");
        }
        NodeCgroups.create(name);
        machine = config.startMachine(name);
        try {
            initPid = config.awaitInit(name, machine);
            config.writeInitPid(initPid);
            HostCommand.run("nsenter", "-t", Long.toString(initPid), "-m", "sh", "-c", config.mountScript());
            cluster.plugIn(this);
        } catch (RuntimeException | Error e) {
            powerOff();
            throw e;
        }
    }

    /** The command that runs containerd in this machine (valid until the next power-off). */
    public List<String> containerdCommand() {
        requireOn();
        return enter(config.containerdArgs());
    }

    /** The command that runs kubelet in this machine (valid until the next power-off). */
    public List<String> kubeletCommand() {
        requireOn();
        return enter(config.kubeletArgs(name, ip()));
    }

    /** The node's files (for {@link MachineServices}). */
    NodeConfig config() {
        return config;
    }

    /**
     * Runs {@code hook} at every power-off from now on: for what belongs to the machine but lives outside its
     * process tree, such as a node agent run in the test's JVM.
     */
    public void onPowerOff(Runnable hook) {
        powerOffHooks.add(hook);
    }

    /** kubelet's health endpoint, reachable from the host: {@code http://<node ip>:10248/healthz}. */
    public String kubeletHealthz() {
        return "http://" + ip() + ":10248/healthz";
    }

    /** containerd's CRI socket as the host reaches it (through the machine's root). */
    public Path criSocket() {
        requireOn();
        return Path.of("/proc", Long.toString(initPid), "root", NodeConfig.SOCKET.substring(1));
    }

    /**
     * Imports the testbed images (pause, busybox) and the node's own ({@link #holdImage(Path)}) into the running
     * containerd; a no-op for images it holds.
     */
    public void importTestImages() {
        images().forEach(this::importImage);
    }

    /** The testbed images and the node's own. */
    List<Path> images() {
        List<Path> all = new ArrayList<>(cluster.images());
        all.addAll(ownImages);
        return all;
    }

    /**
     * Has the node hold an image (an OCI layout archive, see {@link OciImage#writeLayout(Path)}) from every boot on,
     * imported before kubelet starts: for static pods, which kubelet runs without a registry.
     */
    public void holdImage(Path layoutTar) {
        ownImages.add(layoutTar);
    }

    /**
     * Corrupts the machine's system disk: containerd's configuration no longer parses, so from the next start of
     * containerd on (such as every boot) the node cannot come up. What runs now goes on running.
     */
    public void corruptDisk() {
        config.corruptContainerdConfig();
    }

    /**
     * Cuts the power: every process of the machine, containers included, dies at once by SIGKILL; its
     * namespaces, mounts, network and cgroups go with it. The disk (containerd's images and snapshots,
     * kubelet's folder) stays for the next {@link #powerOn()}.
     */
    public void powerOff() {
        PeerProcess m = machine;
        if (m != null) {
            // Outside the lock: the power cut wins over a boot in progress, which then fails and cleans up.
            m.kill();
        }
        powerDown();
    }

    private synchronized void powerDown() {
        if (machine != null) {
            machine.kill();
        }
        for (PeerProcess p : new PeerProcess[] {kubelet, containerd}) {
            if (p != null) {
                p.kill();
            }
        }
        units.forEach(PeerProcess::kill);
        units.clear();
        machine = null;
        kubelet = null;
        containerd = null;
        initPid = 0;
        config.writeInitPid(0);
        powerOffHooks.forEach(Runnable::run);
        NodeCgroups.remove(name);
    }

    /** A hardware reset: {@link #powerOff()} then {@link #powerOn()}. */
    public synchronized void reset() {
        powerOff();
        powerOn();
    }

    /**
     * Cuts the machine off the network at its switch port, the machine still on: kubelet loses the API server and
     * the other nodes lose its pods. The cut outlives reboots until {@link #reconnect()}.
     */
    public void cutNetwork() {
        cluster.fabric().cut(index, true);
    }

    /** Undoes {@link #cutNetwork()}. */
    public void reconnect() {
        cluster.fabric().cut(index, false);
    }

    /** Starts containerd in the machine and waits until it answers on its socket. */
    public synchronized void startContainerd() {
        containerd = PeerProcess.start("containerd-" + name, containerdCommand(), Map.of(), config.dir(),
                config.dir().resolve("logs/containerd.log"));
        Await.ready(containerd, START, () -> HostCommand.tryRun(enter(List.of("ctr", "--address",
                NodeConfig.SOCKET, "version"))).exitCode() == 0);
    }

    /** Starts kubelet in the machine (it registers or re-joins its Node by itself). */
    public synchronized void startKubelet() {
        kubelet = PeerProcess.start("kubelet-" + name, kubeletCommand(), Map.of(), config.dir(),
                config.dir().resolve("logs/kubelet.log"));
        // Asked from inside the machine: a node cut off the network boots all the same.
        Await.ready(kubelet, START, () -> HostCommand.tryRun(enter(List.of("busybox", "wget", "-q", "-O", "-",
                kubeletHealthz()))).output().trim().equals("ok"));
    }

    /** Starts a service of the machine (a process in its namespaces, gone with the power); returns it. */
    synchronized PeerProcess startUnit(MachineUnit unit) {
        requireOn();
        PeerProcess p = PeerProcess.start(unit.name() + "-" + name, enter(unit.command()), unit.env(), config.dir(),
                config.dir().resolve("logs/" + unit.name() + ".log"));
        units.add(p);
        return p;
    }

    /** A service started at this boot by its {@link MachineUnit#name()} (such as the agent), or null. */
    public PeerProcess unit(String unitName) {
        return units.stream().filter(p -> p.name().equals(unitName + "-" + name)).findFirst().orElse(null);
    }

    /** Stops containerd started by the testbed: SIGTERM, SIGKILL after {@code grace}. */
    synchronized void stopContainerd(Duration grace) {
        containerd.stop(grace);
        containerd = null;
    }

    /** The resident memory of containerd and kubelet, for footprint figures, such as {@code "kubelet 80 MB, ..."}. */
    public String footprint() {
        return "kubelet " + Procs.rssMb(kubeletPid()) + " MB, containerd " + Procs.rssMb(containerdPid()) + " MB RSS";
    }

    /** SIGKILLs kubelet alone, as a crash; containerd and the containers keep running. */
    public synchronized void killKubelet() {
        requireOn();
        kubelet.kill();
        Await.until("kubelet of " + name + " gone", Duration.ofSeconds(10), () -> kubeletPid() == 0);
    }

    /** SIGKILLs containerd alone, as a crash; the containers keep running under their shims. */
    public synchronized void killContainerd() {
        requireOn();
        containerd.kill();
        Await.until("containerd of " + name + " gone", Duration.ofSeconds(10), () -> containerdPid() == 0);
    }

    /** kubelet's host pid (whoever started it), or 0 when it does not run. */
    public long kubeletPid() {
        return pidOf("kubelet");
    }

    /** containerd's host pid (whoever started it), or 0 when it does not run. */
    public long containerdPid() {
        return pidOf("containerd");
    }

    /** The host pid of a process of this machine by its command name ({@code /proc/<pid>/comm}), or 0. */
    public long pidOf(String comm) {
        long init = initPid;
        return init == 0 ? 0 : Procs.inNamespaceOf(init, comm).orElse(0L);
    }

    /**
     * The host pid of a process of this machine by its command name, containers included (their shims are
     * children of the machine's init), or 0.
     */
    public long descendantPid(String comm) {
        long init = initPid;
        return init == 0 ? 0 : Procs.descendant(init, comm).orElse(0L);
    }

    /** kubelet's process (for its log), or null when never started since boot. */
    public PeerProcess kubelet() {
        return kubelet;
    }

    /** containerd's process (for its log), or null when never started since boot. */
    public PeerProcess containerd() {
        return containerd;
    }

    /** Runs crictl in the machine against its containerd; returns its output. */
    public String crictl(String... args) {
        requireOn();
        List<String> cmd = new ArrayList<>(NodeConfig.crictl());
        cmd.addAll(List.of(args));
        return HostCommand.run(enter(cmd));
    }

    /** Runs a command in the machine's namespaces (as root on the machine). */
    public String exec(String... command) {
        requireOn();
        return HostCommand.run(enter(List.of(command)));
    }

    /** Imports an OCI image layout archive (see {@link OciImage#writeLayout(Path)}) into containerd. */
    public void importImage(Path layoutTar) {
        exec("ctr", "--address", NodeConfig.SOCKET, "-n", "k8s.io", "images", "import", layoutTar.toString());
    }

    /** Waits until the Node is Ready. */
    public void awaitReady(Duration timeout) {
        Await.until("node " + name + " Ready", timeout, Duration.ofMillis(500), this::isReady,
                () -> kubelet == null ? "kubelet not running" : "kubelet log " + kubelet.log() + ":\n" + kubelet.logTail(30));
    }

    /** Whether the Node's Ready condition is True on the API server the node registers with. */
    public boolean isReady() {
        Node n = api.nodes().withName(name).get();
        return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** kubelet's {@code staticPodPath}: the folder of the Pod manifests it runs without an API server. */
    public Path staticPodPath() {
        return config.manifests();
    }

    /** Has {@link #isReady()} ask another API server: the one the node's kubelet talks to. */
    void registersWith(KubernetesClient client) {
        this.api = client;
    }

    /**
     * Where a path of the machine under {@code /var/lib} or {@code /var/log} (its disk, kept across power cycles) is
     * on the host.
     */
    public Path onDisk(String machinePath) {
        return config.onDisk(machinePath);
    }

    /** The host pids of every process of the machine (its PID namespace, containers included), its init excluded. */
    public List<Long> processes() {
        long init = initPid;
        return init == 0 ? List.of() : Procs.allInNamespaceOf(init);
    }

    /** The node's folder: configuration, logs, disk. */
    public Path directory() {
        return config.dir();
    }

    /** Powers the machine off. */
    @Override
    public void close() {
        powerOff();
    }

    /** Its /proc belongs to the machine's PID namespace, so commands must run in it too. */
    private List<String> enter(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(initPid), "-m", "-n", "-p", "--"));
        cmd.addAll(command);
        return cmd;
    }

    private void requireOn() {
        if (!isPoweredOn()) {
            throw new IllegalStateException("node " + name + " is powered off");
        }
    }

    @Override
    public String toString() {
        return "RealNode[" + name + ", " + ip() + (isPoweredOn() ? ", on]" : ", off]");
    }
}
