/**
 * What the agent tells the cluster through the healer/agent protocol ({@code dev.selfheal.protocol}): the heartbeat
 * Lease, node conditions from the {@link dev.selfheal.agent.report.ConditionBoard}, answers to restart requests
 * ({@link dev.selfheal.agent.report.AgentReporter}); and the RBAC the agent needs
 * ({@link dev.selfheal.agent.report.AgentRbac}).
 */
package dev.selfheal.agent.report;
