package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.PeerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a {@link RealNode}'s machine starts at power-on, once its namespaces, mounts and network are up, as its
 * init system would:
 * <ul>
 *   <li>{@link #components()}: containerd (with the testbed images) and kubelet, started by the testbed itself;</li>
 *   <li>{@link #agentFirst(Function)}: the node agent first, a process of the machine like any other (the power
 *   takes it too), which starts containerd and kubelet from its configuration on the node's disk (commands from
 *   {@link MachineServices#inside(RealNode)}); kubelet then runs the static pods. The images are put on the
 *   machine's disk once, at its first boot, as an operating-system image holds them: containerd is run alone for
 *   the import and stopped before the agent starts.</li>
 * </ul>
 */
public final class BootPlan {

    private static final BootPlan COMPONENTS = new BootPlan(null);

    private final Function<RealNode, MachineUnit> agent;

    private BootPlan(Function<RealNode, MachineUnit> agent) {
        this.agent = agent;
    }

    /** containerd, the images, kubelet: started by the testbed in that order (the default). */
    public static BootPlan components() {
        return COMPONENTS;
    }

    /**
     * The agent first; it starts the rest.
     *
     * @param agent gives the agent's unit for a node; called once, before the node's first boot (the place to
     *              write its configuration to the node's folder)
     */
    public static BootPlan agentFirst(Function<RealNode, MachineUnit> agent) {
        return new BootPlan(Objects.requireNonNull(agent, "agent"));
    }

    /** Whether the agent starts containerd and kubelet. */
    public boolean isAgentFirst() {
        return agent != null;
    }

    MachineUnit agentUnit(RealNode node) {
        MachineUnit unit = agent.apply(node);
        return Objects.requireNonNull(unit, "the agent unit of node " + node.name());
    }

    /** Starts what follows the machine's namespaces; the machine is on. */
    void boot(RealNode node, MachineUnit agentUnit) {
        if (agentUnit == null) {
            node.startContainerd();
            node.importTestImages();
            node.startKubelet();
            return;
        }
        provisionImages(node);
        PeerProcess p = node.startUnit(agentUnit);
        if (!p.isAlive()) {
            throw new IllegalStateException("the agent of node " + node.name() + " exited at once:\n" + p.logTail(30));
        }
    }

    /** Imports the images into containerd's store on the machine's disk when it does not hold them all yet. */
    private static void provisionImages(RealNode node) {
        Path marker = node.onDisk("/var/lib/selfheal-testbed-images");
        String wanted = node.images().stream().map(Path::toString).sorted().collect(Collectors.joining("\n"));
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            node.startContainerd();
            node.importTestImages();
            node.stopContainerd(Duration.ofSeconds(10));
            Files.writeString(marker, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provision the images of node " + node.name(), e);
        }
    }

    @Override
    public String toString() {
        return agent == null ? "components" : "agent first";
    }
}
