package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The member repair against a three-member cluster of real etcd processes speaking TLS on client and peer ports
 * and requiring client certificates (as kubeadm's etcd does): every call goes with the configured CA and client
 * certificate; without the certificate etcd refuses the caller.
 */
class EtcdMemberRepairTlsIT {

    private final AgentRunMembers etcd = new AgentRunMembers(3, true);

    @AfterEach
    void stop() {
        etcd.close();
    }

    @Test
    void aMemberIsReplacedOverTlsWithClientCertificates() throws Exception {
        etcd.startAll();
        EtcdGateway peer = etcd.gateway(0);
        for (int i = 0; i < 5; i++) {
            peer.put("/selfheal/tls/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        EtcdGateway noCertificate = new EtcdGateway(etcd.cluster.member(0).clientUrl(),
                new HttpCall(etcd.cluster.caFile(), null, null, false, Duration.ofSeconds(5)));
        boolean refused;
        try {
            noCertificate.members();
            refused = false;
        } catch (IOException e) {
            refused = true;
        }
        assertThat(refused).as("a caller without a client certificate is refused").isTrue();

        etcd.destroy(2);
        etcd.runtime(2).start();
        EtcdMemberRepair.Result result = new EtcdMemberRepair(etcd.settings(2), etcd.local(2), Clock.systemUTC(), null).runOnce();

        assertThat(result.decision()).as(result.detail()).isInstanceOf(MemberRepairDecision.Replace.class);
        assertThat(result.repaired()).as(result.detail()).isTrue();
        assertThat(peer.members()).hasSize(3).allMatch(x -> x.started() && !x.learner())
                .allMatch(m -> m.peerUrls().get(0).startsWith("https://"));
        assertThat(etcd.gateway(2).rangePrefix("/selfheal/tls/")).hasSize(5);
    }
}
