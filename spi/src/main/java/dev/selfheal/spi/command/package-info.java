/**
 * One way to run external commands with a time limit, shared by providers and the node agent:
 * {@link dev.selfheal.spi.command.CommandRunner} runs a {@link dev.selfheal.spi.command.CommandSpec} and returns a
 * {@link dev.selfheal.spi.command.CommandResult} or throws {@link dev.selfheal.spi.command.CommandTimeoutException}.
 */
package dev.selfheal.spi.command;
