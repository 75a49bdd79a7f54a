package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import dev.selfheal.testbed.process.ToolRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's "Run it in a cluster" commands on a real node: the healer's image (which the reactor build that
 * runs this test makes with the README's package goal) imported into the node's containerd, {@code helm install} of
 * this chart by the pinned helm against the testbed's API server, and {@code selfheal status}. The healer pod runs
 * on that node, is Ready on its own {@code /readyz} and holds the leader Lease; then {@code helm uninstall} leaves
 * nothing of the release.
 */
@ExtendWith(RealNodesExtension.class)
class HelmInstallIT {

    private static final Logger LOG = LoggerFactory.getLogger(HelmInstallIT.class);

    @Test
    void theReadmeCommandsInstallAHealerThatRunsOnARealNodeIsReadyAndLeads(RealNodes nodes) throws Exception {
        List<List<String>> readme = ReadmeCommands.read();
        assertThat(readme).as("the README's commands").hasSize(4);
        List<String> build = ReadmeCommands.startingWith(readme, "./mvnw");
        assertThat(build).contains("package").anyMatch(a -> a.contains("examples/standalone-healer") && a.contains("cli"));
        List<String> importImage = ReadmeCommands.startingWith(readme, "sudo", "ctr", "-n", "k8s.io", "images", "import");
        assertThat(ReadmeCommands.ROOT.resolve(importImage.get(6))).isEqualTo(HealerRelease.IMAGE.normalize());
        List<String> install = ReadmeCommands.startingWith(readme, "helm", "install", "selfheal");
        List<String> status = ReadmeCommands.startingWith(readme, "cli/bin/selfheal", "status");

        RealNode node = nodes.add("helm-a");
        node.importImage(ReadmeCommands.ROOT.resolve(importImage.get(6)));
        try (HealerRelease release = new HealerRelease(nodes, "selfheal", "selfheal-system")) {
            assertThat(install).containsSubsequence("--namespace", "selfheal-system");
            ToolRun installed = release.installAsWritten(install.subList(1, install.size()), release.onRealNode(node.name()));
            assertThat(installed.output()).contains("STATUS: deployed");

            Pod pod = release.awaitReadyPod(Duration.ofSeconds(90));
            LOG.info("healer pod {} Ready {} s after its creation", pod.getMetadata().getName(),
                    HealerRelease.startup(pod).toSeconds());
            assertRunsReadyAndLeads(nodes, node, release, pod);
            assertThat(run(nodes, status)).as("README: " + String.join(" ", status))
                    .contains("No remediations in namespace selfheal-system.");

            assertThat(release.uninstall().requireOk().output()).contains("release \"selfheal\" uninstalled");
            release.awaitNoPods(Duration.ofSeconds(45));
            assertThat(node.crictl("ps", "--name", "healer", "-q")).as("healer containers running on the node").isBlank();
            assertThat(nodes.kube().client().rbac().clusterRoles().withName("selfheal-healer").get()).isNull();
        }
    }

    private static void assertRunsReadyAndLeads(RealNodes nodes, RealNode node, HealerRelease release, Pod pod) {
        assertThat(pod.getSpec().getNodeName()).isEqualTo(node.name());
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(node.crictl("ps", "--name", "healer", "-q")).as("the container runs in the node's containerd").isNotBlank();
        String readyz = node.exec("busybox", "wget", "-q", "-O", "-", "http://" + pod.getStatus().getPodIP() + ":8080/readyz");
        assertThat(readyz).contains("ready");
        Lease lease = release.leaderLease().orElseThrow(() -> new AssertionError("no leader Lease in selfheal-system"));
        assertThat(lease.getSpec().getHolderIdentity()).startsWith(pod.getMetadata().getName());
    }

    /** Runs a README command at the repository root with the testbed's kubeconfig; its standard output, or fails. */
    private static String run(RealNodes nodes, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, ReadmeCommands.ROOT.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ReadmeCommands.ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("KUBECONFIG", nodes.kube().adminKubeconfig().toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
        return out;
    }
}
