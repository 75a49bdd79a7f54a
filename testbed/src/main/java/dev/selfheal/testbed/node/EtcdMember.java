package dev.selfheal.testbed.node;

import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.nio.file.Path;

/**
 * One member of the etcd cluster of a {@link ThreeMasterPlane}: a static pod on its master, reached over TLS with
 * client certificates of the testbed CA.
 *
 * @param name the member name (the master's Node name)
 * @param node the master it runs on
 * @param dataDir the member's data folder as the host sees it (the master's {@code /var/lib/etcd})
 * @param clientUrl {@code https://<master ip>:2379}
 * @param peerUrl {@code https://<master ip>:2380}
 * @param certificate the member's certificate, serving clients and peers (and a client of its peers)
 */
public record EtcdMember(String name, RealNode node, Path dataDir, String clientUrl, String peerUrl,
                         IssuedCertificate certificate) {

    /** The etcd client port on each master. */
    public static final int CLIENT_PORT = 2379;

    /** The etcd peer port on each master. */
    public static final int PEER_PORT = 2380;

    /** {@code name=peerUrl}, this member's entry of {@code --initial-cluster}. */
    public String initialClusterEntry() {
        return name + "=" + peerUrl;
    }
}
