package dev.selfheal.testbed.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service a {@link RealNode}'s machine starts at boot, as a unit file describes it: a command run as a process
 * of the machine (in its PID, mount and network namespaces, so it dies with the power) and its environment.
 *
 * @param name a short name, for its log ({@code logs/<name>.log} in the node's folder) and errors
 * @param command the executable and its arguments, as the machine sees its files
 * @param env extra environment variables
 */
public record MachineUnit(String name, List<String> command, Map<String, String> env) {

    /** Validates and copies. */
    public MachineUnit {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("unit name '" + name + "' must be lowercase letters, digits and '-'");
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("unit " + name + ": command must name an executable");
        }
        command = List.copyOf(command);
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }
}
