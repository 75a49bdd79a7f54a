/**
 * How a component runs: a plain process the agent owns ({@link dev.selfheal.agent.runtime.ProcessRuntime}), a
 * systemd unit, or a static pod the kubelet runs; and {@link dev.selfheal.agent.runtime.Commands}, the agent's
 * short commands through the SPI's one command runner.
 */
package dev.selfheal.agent.runtime;
