package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The files of one real node, under its folder: containerd's config, the KubeletConfiguration and
 * kubeconfig, the CNI network (bridge + host-local + portmap), and the "disk" whose {@code var/lib} and
 * {@code var/log} the node mounts over the host's inside its own mount namespace. Paths inside the node
 * that are not under this folder ({@code /run}, {@code /var/lib}, {@code /var/log}) are the node's own.
 */
final class NodeConfig {

    static final String SOCKET = "/run/containerd/containerd.sock";
    static final String PAUSE_IMAGE = "selfheal.dev/testbed/pause:1";

    private final Path dir;

    NodeConfig(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path disk() {
        return dir.resolve("disk");
    }

    /** Overwrites containerd's configuration with what does not parse (a broken system disk). */
    void corruptContainerdConfig() {
        try {
            Files.writeString(containerdConfig(), "[[corrupt sector\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path containerdConfig() {
        return dir.resolve("containerd.toml");
    }

    Path kubeletConfig() {
        return dir.resolve("kubelet.yaml");
    }

    Path kubeconfig() {
        return dir.resolve("kubelet.kubeconfig");
    }

    Path manifests() {
        return dir.resolve("manifests");
    }

    Path cniDir() {
        return dir.resolve("cni");
    }

    List<String> containerdArgs() {
        return List.of(TestbedCache.systemCommand("containerd", "containerd").toString(), "--config", containerdConfig().toString());
    }

    List<String> kubeletArgs(String name, String nodeIp) {
        Path bin = TestbedCache.executable("k8s-" + Versions.get("K8S_VERSION"), "kubelet", "k8s");
        return List.of(bin.toString(), "--config=" + kubeletConfig(), "--kubeconfig=" + kubeconfig(),
                "--hostname-override=" + name, "--node-ip=" + nodeIp, "--v=1");
    }

    /** Where the host pid of the machine's init is kept while it is on (for {@link MachineServices}). */
    Path initPidFile() {
        return dir.resolve("machine.pid");
    }

    /** Keeps the init's pid in {@link #initPidFile()}, or removes the file for 0 (powered off). */
    void writeInitPid(long pid) {
        try {
            if (pid == 0) {
                Files.deleteIfExists(initPidFile());
            } else {
                Files.writeString(initPidFile(), pid + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the init pid of " + dir, e);
        }
    }

    /** A machine's init: the pause binary as PID 1 of new PID, mount and network namespaces. */
    PeerProcess startMachine(String name) {
        Path pause = TestbedCache.executable("pause-" + Versions.get("PAUSE_VERSION"), "pause", "pause");
        return PeerProcess.start("node-" + name, List.of("unshare", "--mount", "--net", "--pid", "--fork",
                "--kill-child", "--propagation", "private", "--mount-proc", pause.toString()), Map.of(), dir,
                dir.resolve("logs/machine.log"));
    }

    /** The host pid of the init of {@code machine}, once it runs in namespaces of its own. */
    long awaitInit(String name, PeerProcess machine) {
        long[] init = new long[1];
        Await.until("node " + name + "'s init", Duration.ofSeconds(10),
                () -> (init[0] = Procs.descendant(machine.pid(), "pause").orElse(0L)) != 0
                        && !Procs.sameNamespace(init[0], ProcessHandle.current().pid(), "net")
                        && !Procs.sameNamespace(init[0], ProcessHandle.current().pid(), "mnt"));
        return init[0];
    }

    /** crictl against a machine's containerd (run in the machine). */
    static List<String> crictl() {
        return List.of(TestbedCache.executable("crictl-" + Versions.get("CRICTL_VERSION"), "crictl", "crictl").toString(),
                "--runtime-endpoint", "unix://" + SOCKET, "--image-endpoint", "unix://" + SOCKET);
    }

    /** The host path of a machine path under {@code /var/lib} or {@code /var/log}, the node's disk. */
    Path onDisk(String machinePath) {
        if (machinePath == null || !machinePath.matches("/var/(lib|log)(/.*)?") || machinePath.contains("..")) {
            throw new IllegalArgumentException("machine path '" + machinePath + "' must be under /var/lib or /var/log");
        }
        return disk().resolve(machinePath.substring(1));
    }

    /** Writes every file; {@code index} picks the pod range. */
    void write(String name, String nodeIp, int index, String server, Path caPem, IssuedCertificate cert) {
        try {
            Files.createDirectories(disk().resolve("var/lib"));
            Files.createDirectories(disk().resolve("var/log"));
            Files.createDirectories(manifests());
            Files.createDirectories(cniDir());
            Files.writeString(containerdConfig(), containerd());
            Files.writeString(cniDir().resolve("10-selfheal.conflist"), cni(NodeFabric.podCidr(index)));
            Files.writeString(kubeletConfig(), kubelet(name, nodeIp, caPem));
            Files.writeString(kubeconfig(), kubeconfig(server, caPem, cert));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of node " + name, e);
        }
    }

    /** The shell commands, run in the node's mount namespace at boot, that give it its own paths. */
    String mountScript() {
        return String.join("\n",
                "set -e",
                "mount -n -t tmpfs -o mode=755,size=256m tmpfs /run",
                "mkdir -p /run/containerd /run/selfheal-sysctl",
                "mount -n --bind " + disk().resolve("var/lib") + " /var/lib",
                "mount -n --bind " + disk().resolve("var/log") + " /var/log",
                // kubelet sets these global sysctls; the node writes its own copies, the host keeps its values
                "for s in vm/overcommit_memory kernel/panic kernel/panic_on_oops; do",
                "  f=/run/selfheal-sysctl/$(echo $s | tr / -); cat /proc/sys/$s > $f; mount -n --bind $f /proc/sys/$s",
                "done",
                // a boot id of each boot's own, as a machine has: kubelet reports it (status.nodeInfo.bootID)
                "cat /proc/sys/kernel/random/uuid > /run/selfheal-sysctl/boot_id",
                "mount -n --bind /run/selfheal-sysctl/boot_id /proc/sys/kernel/random/boot_id");
    }

    private String containerd() {
        return String.join("\n",
                "version = 2",
                "root = \"/var/lib/containerd\"",
                "state = \"/run/containerd\"",
                "disabled_plugins = [\"io.containerd.snapshotter.v1.aufs\", \"io.containerd.snapshotter.v1.btrfs\","
                        + " \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\","
                        + " \"io.containerd.tracing.processor.v1.otlp\", \"io.containerd.internal.v1.tracing\"]",
                "[grpc]",
                "  address = \"" + SOCKET + "\"",
                "[ttrpc]",
                "  address = \"" + SOCKET + ".ttrpc\"",
                "[metrics]",
                "  address = \"\"",
                "[plugins.\"io.containerd.internal.v1.opt\"]",
                "  path = \"/var/lib/containerd/opt\"",
                "[plugins.\"io.containerd.grpc.v1.cri\"]",
                "  sandbox_image = \"" + PAUSE_IMAGE + "\"",
                "  disable_apparmor = true",
                "  restrict_oom_score_adj = true",
                "  netns_mounts_under_state_dir = true",
                "  [plugins.\"io.containerd.grpc.v1.cri\".containerd]",
                "    snapshotter = \"overlayfs\"",
                "    default_runtime_name = \"runc\"",
                "    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]",
                "      runtime_type = \"io.containerd.runc.v2\"",
                "      [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]",
                "        SystemdCgroup = false",
                "        BinaryName = \"/usr/sbin/runc\"",
                "        Root = \"/run/containerd/runc\"",
                "  [plugins.\"io.containerd.grpc.v1.cri\".cni]",
                "    bin_dir = \"/usr/lib/cni\"",
                "    conf_dir = \"" + cniDir() + "\"",
                "");
    }

    private static String cni(String podCidr) {
        return "{\"cniVersion\": \"0.4.0\", \"name\": \"selfheal\", \"plugins\": ["
                + "{\"type\": \"bridge\", \"bridge\": \"cni0\", \"isGateway\": true, \"ipMasq\": false,"
                + " \"hairpinMode\": true, \"ipam\": {\"type\": \"host-local\", \"ranges\": [[{\"subnet\": \""
                + podCidr + "\"}]], \"routes\": [{\"dst\": \"0.0.0.0/0\"}], \"dataDir\": \"/var/lib/cni/networks\"}},"
                + "{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}]}\n";
    }

    private String kubelet(String name, String nodeIp, Path caPem) {
        return String.join("\n",
                "apiVersion: kubelet.config.k8s.io/v1beta1",
                "kind: KubeletConfiguration",
                "address: " + nodeIp,
                "port: 10250",
                "readOnlyPort: 0",
                "healthzBindAddress: " + nodeIp,
                "healthzPort: 10248",
                "authentication:",
                "  anonymous: {enabled: false}",
                "  webhook: {enabled: false}",
                "  x509: {clientCAFile: " + caPem + "}",
                "authorization: {mode: AlwaysAllow}",
                "cgroupDriver: cgroupfs",
                "cgroupRoot: " + NodeCgroups.nodeRoot(name),
                "failCgroupV1: false",
                "failSwapOn: false",
                "protectKernelDefaults: false",
                "containerRuntimeEndpoint: unix://" + SOCKET,
                "staticPodPath: " + manifests(),
                "resolvConf: /etc/resolv.conf",
                "evictionHard: {memory.available: 20Mi, nodefs.available: 1%, nodefs.inodesFree: 1%,"
                        + " imagefs.available: 1%}",
                "imageGCHighThresholdPercent: 100",
                "imageGCLowThresholdPercent: 99",
                "nodeStatusUpdateFrequency: 5s",
                "nodeLeaseDurationSeconds: 10",
                "syncFrequency: 10s",
                "fileCheckFrequency: 5s",
                "");
    }

    private static String kubeconfig(String server, Path caPem, IssuedCertificate cert) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: testbed",
                "  cluster:",
                "    server: " + server,
                "    tls-server-name: localhost",
                "    certificate-authority-data: " + b64.encodeToString(Files.readAllBytes(caPem)),
                "users:",
                "- name: node",
                "  user:",
                "    client-certificate: " + cert.certificate(),
                "    client-key: " + cert.key(),
                "contexts:",
                "- name: testbed",
                "  context: {cluster: testbed, user: node}",
                "current-context: testbed",
                "");
    }
}
