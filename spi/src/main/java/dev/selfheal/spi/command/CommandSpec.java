package dev.selfheal.spi.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run: its argument list (never holding a secret), extra environment variables and what to
 * write on its stdin (either may hold a secret) and how long it may take. {@link #toString()} shows the
 * program and the environment variable names only (arguments may hold a BMC user name).
 *
 * @param command the program and its arguments
 * @param environment variables added to the inherited environment
 * @param stdin what to write on stdin before closing it, or {@code null} for nothing
 * @param timeout how long the command may run before it and its children are killed
 */
public record CommandSpec(List<String> command, Map<String, String> environment, String stdin, Duration timeout) {

    /** Validates and copies. */
    public CommandSpec {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The program, such as {@code /usr/bin/ipmitool}. */
    public String program() {
        return command.get(0);
    }

    @Override
    public String toString() {
        return program() + " with " + (command.size() - 1) + " arguments" + (environment.isEmpty() ? "" : " (environment " + environment.keySet() + ")")
                + (stdin == null ? "" : " (input on stdin)");
    }
}
