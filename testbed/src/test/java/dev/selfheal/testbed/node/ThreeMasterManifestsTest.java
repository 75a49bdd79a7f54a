package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The etcd member manifest and the balancer's configuration of the three-master plane. */
class ThreeMasterManifestsTest {

    @Test
    void anEtcdMemberServesPeersAndClientsOverTlsWithClientCertificatesRequired() {
        String pod = ControlPlaneManifests.etcdMemberPod("master-1", "10.1.0.11",
                "master-1=https://10.1.0.11:2380,master-2=https://10.1.0.12:2380", Path.of("/pki"), "m1-etcd");
        assertThat(pod).contains("'--listen-client-urls=https://127.0.0.1:2379,https://10.1.0.11:2379'",
                "'--listen-peer-urls=https://10.1.0.11:2380'", "'--client-cert-auth=true'", "'--peer-client-cert-auth=true'",
                "'--initial-cluster=master-1=https://10.1.0.11:2380,master-2=https://10.1.0.12:2380'",
                "'--cert-file=/etc/kubernetes/pki/m1-etcd.crt'", "'--peer-trusted-ca-file=/etc/kubernetes/pki/ca.crt'",
                "- {name: etcd-data, mountPath: '/var/lib/etcd', readOnly: false}",
                "hostPath: {path: '/pki', type: Directory}");
        assertThat(pod).doesNotContain("http://");
    }

    @Test
    void theApiServerReachesEtcdWithTheFlagsGiven() {
        String pod = ControlPlaneManifests.apiServerPod("10.1.0.11", 6443, Path.of("/pki"), "api", "sa",
                List.of("--etcd-servers=https://127.0.0.1:2379", "--etcd-cafile=/etc/kubernetes/pki/ca.crt"));
        assertThat(pod).contains("'--etcd-servers=https://127.0.0.1:2379'", "'--etcd-cafile=/etc/kubernetes/pki/ca.crt'",
                "'--advertise-address=10.1.0.11'").doesNotContain("http://127.0.0.1:2379");
        assertThat(ControlPlaneManifests.apiServerPod("10.1.0.11", 6443, Path.of("/pki"), "api", "sa"))
                .contains("'--etcd-servers=http://127.0.0.1:2379'");
    }

    @Test
    void theBalancerChecksEveryApiServersReadyzOverVerifiedTls() {
        String cfg = ApiBalancer.config("10.1.0.1", 7443, List.of("10.1.0.11:6443", "10.1.0.12:6443"), Path.of("/pki/ca.crt"));
        assertThat(cfg).contains("bind 10.1.0.1:7443", "mode tcp", "http-check send meth GET uri /readyz",
                "http-check expect status 200", "check check-ssl verify required ca-file /pki/ca.crt",
                "server apiserver-1 10.1.0.11:6443", "server apiserver-2 10.1.0.12:6443", "option redispatch");
    }
}
