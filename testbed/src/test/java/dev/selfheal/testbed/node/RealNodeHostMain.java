package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;

/**
 * A throw-away JVM for {@link RealNodeCleanupIT}: starts a control plane and one real node running a pod,
 * prints what it made, then either closes everything ({@code close}) or waits to be killed ({@code wait}).
 */
public final class RealNodeHostMain {

    private RealNodeHostMain() {
    }

    public static void main(String[] args) throws Exception {
        RealNodes nodes = RealNodes.start();
        RealNode node = nodes.add("cleanup-a");
        nodes.kube().client().pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName("sleeper").endMetadata().withNewSpec().withNodeName(node.name())
                .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
        long[] sleeper = new long[1];
        Await.until("the pod's process", Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> (sleeper[0] = Procs.descendant(node.initPid(), "sleep").orElse(0L)) != 0, null);
        long shim = Procs.descendant(node.initPid(), "containerd-shim").orElse(0L);
        boolean kubeChains = node.exec("iptables-save").contains(":KUBE-");
        String overcommit = node.exec("cat", "/proc/sys/vm/overcommit_memory").trim();
        System.out.println("MADE owner=" + NodeCgroups.ownerFolder() + " hostIf=" + nodes.hostInterface()
                + " dir=" + node.directory() + " init=" + node.initPid() + " kubelet=" + node.kubeletPid()
                + " containerd=" + node.containerdPid() + " shim=" + shim + " container=" + sleeper[0]
                + " nodeKubeChains=" + kubeChains + " nodeOvercommit=" + overcommit);
        System.out.flush();
        if (args.length > 0 && args[0].equals("close")) {
            nodes.close();
            System.out.println("CLOSED");
            System.out.flush();
            return;
        }
        Thread.sleep(600_000);
    }
}
