/**
 * Health probes of a component: HTTP(S) (optionally with a client certificate), TCP, exec, the CRI socket, or none
 * ({@link dev.selfheal.agent.probe.HealthProbe}, described by a {@link dev.selfheal.agent.probe.ProbeSpec}).
 */
package dev.selfheal.agent.probe;
