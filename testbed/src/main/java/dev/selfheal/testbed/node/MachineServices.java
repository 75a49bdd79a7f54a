package dev.selfheal.testbed.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The commands a service manager on a {@link RealNode}'s machine runs, as a node's local configuration holds
 * them: unlike {@link RealNode#containerdCommand()} they stay valid across power cycles, because each finds the
 * machine it runs in when it starts (the init's pid the machine keeps in its folder while it is on), as a unit
 * file does on every boot. Started while the machine is off, they fail. The commands of {@link #inside(RealNode)}
 * are for a supervisor that runs in the machine itself (a {@link BootPlan#agentFirst agent-first} boot): plain
 * commands, whose processes are the machine's by birth.
 */
public final class MachineServices {

    private final RealNode node;
    private final boolean inside;

    private MachineServices(RealNode node, boolean inside) {
        this.node = node;
        this.inside = inside;
    }

    /** The services of {@code node}'s machine, for a supervisor on the host. */
    public static MachineServices of(RealNode node) {
        return new MachineServices(Objects.requireNonNull(node, "node"), false);
    }

    /** The services of {@code node}'s machine, for a supervisor running in the machine. */
    public static MachineServices inside(RealNode node) {
        return new MachineServices(Objects.requireNonNull(node, "node"), true);
    }

    /** Runs containerd in the machine. */
    public List<String> containerd() {
        return inMachine(node.config().containerdArgs());
    }

    /** Runs kubelet in the machine. */
    public List<String> kubelet() {
        return inMachine(node.config().kubeletArgs(node.name(), node.ip()));
    }

    /** Exits 0 when containerd answers on its socket in the machine ({@code ctr version}). */
    public List<String> containerdProbe() {
        return inMachine(List.of("ctr", "--address", NodeConfig.SOCKET, "version"));
    }

    private List<String> inMachine(List<String> command) {
        if (inside) {
            return command;
        }
        List<String> words = new ArrayList<>(List.of("nsenter", "-t", "\"$(cat " + quote(node.config().initPidFile().toString()) + ")\"",
                "-m", "-n", "-p", "--"));
        command.forEach(c -> words.add(quote(c)));
        return List.of("/bin/sh", "-c", "exec " + String.join(" ", words));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The commands as one line each, for logs. */
    @Override
    public String toString() {
        return List.of(containerd(), kubelet()).stream().map(c -> inside ? String.join(" ", c) : c.get(2))
                .collect(Collectors.joining("\n"));
    }
}
