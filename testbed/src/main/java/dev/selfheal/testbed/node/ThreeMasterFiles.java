package dev.selfheal.testbed.node;

import dev.selfheal.testbed.kube.Kubeconfigs;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The certificates, images and static Pod manifests of a {@link ThreeMasterPlane}, all issued by the testbed CA into
 * its folder (mounted read-only into every control-plane container): per master an etcd member certificate and an
 * API server certificate (naming the master and the balancer's address); shared by the three, the service-account
 * key pair, the API servers' etcd client certificate, an etcd client certificate for tests and tools, and the
 * controller-managers' and schedulers' kubeconfigs (each talks to the API server on its own master).
 */
final class ThreeMasterFiles {

    static final String SA = "three-masters-sa";
    static final String APISERVER_ETCD_CLIENT = "three-masters-apiserver-etcd-client";
    static final String ETCD_CLIENT = "three-masters-etcd-client";

    private final CertificateAuthority ca;
    private final Path pki;

    ThreeMasterFiles(CertificateAuthority ca) {
        this.ca = ca;
        this.pki = ca.caPem().getParent();
    }

    /** Issues the member's certificate and describes it. */
    EtcdMember member(RealNode master) {
        IssuedCertificate cert = ca.issueServer(etcdCert(master), master.ip(), master.name());
        return new EtcdMember(master.name(), master, master.directory().resolve("disk/var/lib/etcd"),
                "https://" + master.ip() + ":" + EtcdMember.CLIENT_PORT, "https://" + master.ip() + ":" + EtcdMember.PEER_PORT,
                cert);
    }

    /** Issues what the masters share; returns the etcd client certificate for tests and tools. */
    IssuedCertificate shared(int apiPort) {
        ca.writeKeyPair(SA);
        ca.issueClient(APISERVER_ETCD_CLIENT, "kube-apiserver-etcd-client");
        for (String c : List.of("kube-controller-manager", "kube-scheduler")) {
            Kubeconfigs.write(pki.resolve(kubeconfig(c)), "https://127.0.0.1:" + apiPort, ca.caPem(),
                    ca.issueClient("three-masters-" + c, "system:" + c));
        }
        return ca.issueClient(ETCD_CLIENT, "selfheal-etcd-client");
    }

    /** Packs the control-plane images once into {@code dir}; every master holds them. */
    List<Path> images(Path dir) {
        Path etcd = ControlPlaneManifests.etcd().writeLayout(dir.resolve("etcd.oci.tar"));
        List<Path> k8s = ThreeMasterPlane.K8S_COMPONENTS.stream()
                .map(c -> ControlPlaneManifests.k8s(c).writeLayout(dir.resolve(c + ".oci.tar"))).toList();
        return Stream.concat(Stream.of(etcd), k8s.stream()).toList();
    }

    /** Writes the four manifests of one master into its staticPodPath. */
    void manifests(EtcdMember member, List<EtcdMember> all, int apiPort, String balancerAddress) {
        RealNode master = member.node();
        String apiCert = "three-masters-" + master.name() + "-apiserver";
        ca.issueServer(apiCert, "kubernetes", "kubernetes.default", "kubernetes.default.svc", "10.0.0.1", master.ip(),
                balancerAddress);
        String initialCluster = all.stream().map(EtcdMember::initialClusterEntry).collect(Collectors.joining(","));
        String pkiIn = ControlPlaneManifests.PKI;
        List<String> etcdFlags = List.of("--etcd-servers=https://127.0.0.1:" + EtcdMember.CLIENT_PORT,
                "--etcd-cafile=" + pkiIn + "/ca.crt", "--etcd-certfile=" + pkiIn + "/" + APISERVER_ETCD_CLIENT + ".crt",
                "--etcd-keyfile=" + pkiIn + "/" + APISERVER_ETCD_CLIENT + ".key");
        try {
            Path dir = master.staticPodPath();
            Files.writeString(dir.resolve("etcd.yaml"), ControlPlaneManifests.etcdMemberPod(member.name(), master.ip(),
                    initialCluster, pki, etcdCert(master)));
            Files.writeString(dir.resolve("kube-apiserver.yaml"), ControlPlaneManifests.apiServerPod(master.ip(), apiPort,
                    pki, apiCert, SA, etcdFlags));
            for (String c : List.of("kube-controller-manager", "kube-scheduler")) {
                Files.writeString(dir.resolve(c + ".yaml"), ControlPlaneManifests.controllerPod(c, pki, kubeconfig(c), SA));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the static pod manifests of " + master.name(), e);
        }
    }

    private static String etcdCert(RealNode master) {
        return "three-masters-" + master.name() + "-etcd";
    }

    private static String kubeconfig(String component) {
        return "three-masters-" + component + ".kubeconfig";
    }
}
