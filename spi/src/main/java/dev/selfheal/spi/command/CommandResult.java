package dev.selfheal.spi.command;

/**
 * How a command ended.
 *
 * @param exitCode its exit code
 * @param stdout what it wrote on stdout (at most {@link CommandRunner#MAX_OUTPUT} characters)
 * @param stderr what it wrote on stderr (likewise)
 */
public record CommandResult(int exitCode, String stdout, String stderr) {
}
