package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart installed for real: the healer's image imported into a real node's containerd, {@code helm install} of
 * this chart against the testbed's API server, and the healer pod Running on that node, Ready on its own
 * {@code /readyz} and holding the leader Lease; then {@code helm uninstall} leaves nothing of the release.
 */
@ExtendWith(RealNodesExtension.class)
class HelmInstallIT {

    private static final Logger LOG = LoggerFactory.getLogger(HelmInstallIT.class);

    @Test
    void theInstalledHealerRunsOnARealNodeIsReadyAndLeads(RealNodes nodes) {
        RealNode node = nodes.add("helm-a");
        HealerRelease.importImage(node);
        try (HealerRelease release = new HealerRelease(nodes, "selfheal", "selfheal-system")) {
            assertThat(release.install(release.onRealNode(node.name())).output()).contains("STATUS: deployed");

            Pod pod = release.awaitReadyPod(Duration.ofSeconds(90));
            LOG.info("healer pod {} Ready {} s after its creation", pod.getMetadata().getName(),
                    HealerRelease.startup(pod).toSeconds());
            assertThat(pod.getSpec().getNodeName()).isEqualTo(node.name());
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(node.crictl("ps", "--name", "healer", "-q")).as("the container runs in the node's containerd").isNotBlank();
            String readyz = node.exec("busybox", "wget", "-q", "-O", "-", "http://" + pod.getStatus().getPodIP() + ":8080/readyz");
            assertThat(readyz).contains("ready");

            Lease lease = release.leaderLease().orElseThrow(() -> new AssertionError("no leader Lease in selfheal-system"));
            assertThat(lease.getSpec().getHolderIdentity()).startsWith(pod.getMetadata().getName());

            assertThat(release.uninstall().requireOk().output()).contains("release \"selfheal\" uninstalled");
            release.awaitNoPods(Duration.ofSeconds(45));
            assertThat(node.crictl("ps", "-a", "--name", "healer", "-q")).as("the healer's containers on the node").isBlank();
            assertThat(nodes.kube().client().rbac().clusterRoles().withName("selfheal-healer").get()).isNull();
        }
    }
}
