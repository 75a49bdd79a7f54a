package dev.selfheal.examples.healer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The healer's image imported into a real node's containerd ({@code ctr images import}, as the README tells a
 * user) and run there by containerd and runc: its jlinked JVM starts inside the container with the shipped flags.
 */
@ExtendWith(RealNodesExtension.class)
class HealerImageRealNodeIT {

    private static final String IMAGE = "docker.io/library/selfheal-standalone-healer:0.1.0-SNAPSHOT";
    private static final String SOCKET = "/run/containerd/containerd.sock";

    @Test
    void theImportedImageRunsItsJvmInAContainerOnARealNode(RealNodes nodes) {
        RealNode node = nodes.add("image-a");
        node.importImage(HealerImageIT.ARCHIVE.toAbsolutePath());
        assertThat(node.exec("ctr", "--address", SOCKET, "-n", "k8s.io", "images", "ls", "-q")).contains(IMAGE);

        String flags = node.exec("ctr", "--address", SOCKET, "-n", "k8s.io", "run", "--rm", IMAGE, "selfheal-image-check",
                "/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+PrintFlagsFinal", "-version");
        assertThat(flags).containsPattern("MaxRAMPercentage\\s+= 75\\.0");
    }
}
