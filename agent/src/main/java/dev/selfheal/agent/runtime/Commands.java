package dev.selfheal.agent.runtime;

import dev.selfheal.spi.command.CommandResult;
import dev.selfheal.spi.command.CommandRunner;
import dev.selfheal.spi.command.CommandSpec;
import dev.selfheal.spi.command.CommandTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's short commands ({@code systemctl}, exec probes, {@code stat}, {@code kill}) through the one
 * {@link CommandRunner} of the SPI, answered as a {@link Result} instead of an exception. Its owner (the agent, or
 * a recovery run) closes it, which kills whatever still runs.
 */
public final class Commands implements AutoCloseable {

    private final CommandRunner runner = new CommandRunner();

    /**
     * The outcome of a command.
     *
     * @param exitCode the exit code; -1 when it could not start, -2 when it timed out
     * @param output the start of its output (stdout, then stderr), or why it did not run
     */
    public record Result(int exitCode, String output) {

        /** The outcome in words: {@code exit 3}, {@code not started}, {@code timed out}. */
        public String describe() {
            return exitCode == -1 ? "not started" : exitCode == -2 ? "timed out" : "exit " + exitCode;
        }
    }

    /** Runs a command to its end or its time limit; never throws for the command's sake. */
    public Result run(List<String> command, Duration timeout) {
        try {
            CommandResult r = runner.run(new CommandSpec(command, Map.of(), null, timeout));
            return new Result(r.exitCode(), r.stdout() + r.stderr());
        } catch (CommandTimeoutException e) {
            return new Result(-2, command.get(0) + " did not finish within " + timeout);
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** Kills the commands still running. */
    @Override
    public void close() {
        runner.close();
    }
}
