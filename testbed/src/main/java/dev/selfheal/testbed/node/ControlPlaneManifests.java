package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The static Pod manifests and images of a kubeadm-shaped control plane: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler as kubeadm
 * lays them out (namespace kube-system, host network, {@code system-node-critical}, the data and certificates as
 * hostPath volumes), their images packed locally from the binaries the testbed provisions, never pulled
 * ({@code imagePullPolicy: Never}). The single master's etcd ({@link #etcdPod()}) listens on the master's loopback
 * only, in plain HTTP: nothing but the API server beside it reaches it. A member of the three-master plane's
 * cluster ({@link #etcdMemberPod}) serves peers and clients over TLS with client certificates required.
 */
final class ControlPlaneManifests {

    /** The folder the certificates are mounted at inside the control-plane containers. */
    static final String PKI = "/etc/kubernetes/pki";

    private ControlPlaneManifests() {
    }

    static String etcdImage() {
        return "selfheal.dev/testbed/etcd:" + Versions.get("ETCD_VERSION");
    }

    static String apiServerImage() {
        return k8sImageName("kube-apiserver");
    }

    private static String k8sImageName(String component) {
        return "selfheal.dev/testbed/" + component + ":" + Versions.get("K8S_VERSION");
    }

    /** The etcd image: the provisioned static binary as {@code /usr/local/bin/etcd}. */
    static OciImage etcd() {
        return binaryImage(etcdImage(), TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcd", "etcd"), "etcd");
    }

    /**
     * The image of a Kubernetes component: its provisioned static binary as {@code /usr/local/bin/<component>}.
     *
     * @param component {@code kube-apiserver}, {@code kube-controller-manager} or {@code kube-scheduler}
     */
    static OciImage k8s(String component) {
        return binaryImage(k8sImageName(component), TestbedCache.executable("k8s-" + Versions.get("K8S_VERSION"), component,
                "k8s"), component);
    }

    private static OciImage binaryImage(String name, Path binary, String command) {
        return OciImage.named(name).file(binary, "usr/local/bin/" + command, true).emptyDirectory("tmp", 01777)
                .emptyDirectory("var/run/kubernetes", 0755).entrypoint("/usr/local/bin/" + command);
    }

    /** etcd of one member, its data in the master's {@code /var/lib/etcd}. */
    static String etcdPod() {
        String client = "http://127.0.0.1:2379";
        String peer = "http://127.0.0.1:2380";
        return pod("etcd", etcdImage(), List.of("etcd", "--name=master", "--data-dir=/var/lib/etcd",
                "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=master=" + peer, "--unsafe-no-fsync=true", "--log-level=warn",
                "--quota-backend-bytes=2147483648"), "etcd-data", "/var/lib/etcd", "/var/lib/etcd", false);
    }

    /**
     * kube-apiserver on every address of the master, port {@code port}, advertising {@code nodeIp}.
     *
     * @param pkiDir the host folder of the certificates, mounted read-only at {@link #PKI}
     * @param certName the file name (without {@code .crt}/{@code .key}) of its serving certificate in {@code pkiDir}
     * @param saKeyName the file name (without {@code .key}/{@code .pub}) of its service-account key pair
     */
    static String apiServerPod(String nodeIp, int port, Path pkiDir, String certName, String saKeyName) {
        return apiServerPod(nodeIp, port, pkiDir, certName, saKeyName, List.of("--etcd-servers=http://127.0.0.1:2379"));
    }

    /**
     * kube-apiserver as {@link #apiServerPod(String, int, Path, String, String)}, reaching etcd with {@code etcdFlags}
     * (such as {@code --etcd-servers} over TLS with {@code --etcd-cafile}, {@code --etcd-certfile}, {@code --etcd-keyfile}).
     */
    static String apiServerPod(String nodeIp, int port, Path pkiDir, String certName, String saKeyName, List<String> etcdFlags) {
        List<String> cmd = new ArrayList<>(List.of("kube-apiserver"));
        cmd.addAll(etcdFlags);
        cmd.addAll(List.of(
                "--bind-address=0.0.0.0", "--advertise-address=" + nodeIp, "--secure-port=" + port,
                "--tls-cert-file=" + PKI + "/" + certName + ".crt", "--tls-private-key-file=" + PKI + "/" + certName + ".key",
                "--client-ca-file=" + PKI + "/ca.crt",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + PKI + "/" + saKeyName + ".pub",
                "--service-account-signing-key-file=" + PKI + "/" + saKeyName + ".key",
                "--api-audiences=https://kubernetes.default.svc.cluster.local",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
                "--allow-privileged=true", "--endpoint-reconciler-type=none",
                "--enable-priority-and-fairness=false", "--profiling=false", "--v=1"));
        return pod("kube-apiserver", apiServerImage(), cmd, "pki", pkiDir.toString(), PKI, true);
    }

    /**
     * kube-controller-manager or kube-scheduler (leader election on, as kubeadm runs them), serving on the master's
     * loopback, talking to the API server through {@code <kubeconfig>} in {@code pkiDir}.
     *
     * @param component {@code kube-controller-manager} or {@code kube-scheduler}
     * @param kubeconfig the kubeconfig's file name in {@code pkiDir}
     * @param saKeyName the service-account key pair's file name (without {@code .key}), for the controller-manager
     */
    static String controllerPod(String component, Path pkiDir, String kubeconfig, String saKeyName) {
        String kc = PKI + "/" + kubeconfig;
        List<String> cmd = new ArrayList<>(List.of(component, "--kubeconfig=" + kc,
                "--authentication-kubeconfig=" + kc, "--authorization-kubeconfig=" + kc,
                "--bind-address=127.0.0.1", "--leader-elect=true", "--v=1"));
        if (component.equals("kube-controller-manager")) {
            cmd.addAll(List.of("--service-account-private-key-file=" + PKI + "/" + saKeyName + ".key",
                    "--root-ca-file=" + PKI + "/ca.crt", "--use-service-account-credentials=true"));
        }
        return pod(component, k8sImageName(component), cmd, "pki", pkiDir.toString(), PKI, true);
    }

    /**
     * One member of a multi-member etcd cluster, as kubeadm's stacked etcd: its data in the master's
     * {@code /var/lib/etcd}, clients served on the master's loopback and address, peers on the master's address,
     * both over TLS with client certificates of the testbed CA required.
     *
     * @param member the member's name and address
     * @param initialCluster {@code name=https://ip:2380,...} of every member
     * @param certName the member's certificate (serving and peer, {@code .crt}/{@code .key}) in {@code pkiDir}
     */
    static String etcdMemberPod(String member, String ip, String initialCluster, Path pkiDir, String certName) {
        String crt = PKI + "/" + certName + ".crt";
        String key = PKI + "/" + certName + ".key";
        String ca = PKI + "/ca.crt";
        List<String> cmd = List.of("etcd", "--name=" + member, "--data-dir=/var/lib/etcd",
                "--listen-client-urls=https://127.0.0.1:2379,https://" + ip + ":2379",
                "--advertise-client-urls=https://" + ip + ":2379",
                "--listen-peer-urls=https://" + ip + ":2380", "--initial-advertise-peer-urls=https://" + ip + ":2380",
                "--initial-cluster=" + initialCluster, "--initial-cluster-state=new",
                "--initial-cluster-token=selfheal-three-masters",
                "--cert-file=" + crt, "--key-file=" + key, "--client-cert-auth=true", "--trusted-ca-file=" + ca,
                "--peer-cert-file=" + crt, "--peer-key-file=" + key, "--peer-client-cert-auth=true",
                "--peer-trusted-ca-file=" + ca, "--unsafe-no-fsync=true", "--log-level=warn",
                "--snapshot-count=10000", "--quota-backend-bytes=2147483648");
        return pod("etcd", etcdImage(), cmd, List.of(new Volume("etcd-data", "/var/lib/etcd", "/var/lib/etcd", false),
                new Volume("pki", pkiDir.toString(), PKI, true)));
    }

    private static String pod(String name, String image, List<String> command, String volume, String hostPath,
                              String mountPath, boolean readOnly) {
        return pod(name, image, command, List.of(new Volume(volume, hostPath, mountPath, readOnly)));
    }

    private static String pod(String name, String image, List<String> command, List<Volume> volumes) {
        List<String> lines = new ArrayList<>(List.of(
                "apiVersion: v1",
                "kind: Pod",
                "metadata:",
                "  name: " + name,
                "  namespace: kube-system",
                "  labels: {component: " + name + ", tier: control-plane}",
                "spec:",
                "  hostNetwork: true",
                "  priorityClassName: system-node-critical",
                "  containers:",
                "  - name: " + name,
                "    image: " + image,
                "    imagePullPolicy: Never",
                "    command: " + command.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ", "[", "]")),
                "    volumeMounts:"));
        volumes.forEach(v -> lines.add("    - {name: " + v.name() + ", mountPath: '" + v.mountPath() + "', readOnly: "
                + v.readOnly() + "}"));
        lines.add("  volumes:");
        volumes.forEach(v -> lines.addAll(List.of("  - name: " + v.name(), "    hostPath: {path: '" + v.hostPath()
                + "', type: " + (v.readOnly() ? "Directory" : "DirectoryOrCreate") + "}")));
        lines.add("");
        return String.join("\n", lines);
    }

    /** A hostPath volume of a control-plane pod. */
    private record Volume(String name, String hostPath, String mountPath, boolean readOnly) {
    }
}
