/**
 * The contract between the cluster healer ({@code selfheal-core}) and the node agent ({@code selfheal-agent}), all
 * through the Kubernetes API. Both sides use these classes, each of which writes and parses one message:
 * <ul>
 *   <li>{@link dev.selfheal.protocol.AgentLease}: the agent's heartbeat Lease, so the healer tells "node alive,
 *       kubelet dead" from "node unreachable";</li>
 *   <li>{@link dev.selfheal.protocol.Component} and {@link dev.selfheal.protocol.AgentConditions}: the node
 *       conditions the agent sets per component and when it gives up restarting one;</li>
 *   <li>{@link dev.selfheal.protocol.RestartRequest}: the healer asks the agent to restart a component;</li>
 *   <li>{@link dev.selfheal.protocol.RestartAck}: the agent answers it once.</li>
 * </ul>
 * JDK only, so that neither side drags the other's dependencies.
 */
package dev.selfheal.protocol;
