/**
 * The node agent: runs on every machine and keeps the node at its desired state from a local configuration
 * ({@link dev.selfheal.core.agent.AgentConfig}) alone, whether the API server answers or not.
 * <ul>
 *   <li>components run through a {@link dev.selfheal.core.agent.ComponentRuntime} (systemd unit, plain process,
 *       static pod), probed by a {@link dev.selfheal.core.agent.HealthProbe}, restarted with backoff within a
 *       budget, then escalated to the cluster healer;</li>
 *   <li>OS checks report node-problem-detector condition types;</li>
 *   <li>the {@link dev.selfheal.core.agent.Checkpointer} keeps atomic, checksummed manifest checkpoints and
 *       restores them; {@link dev.selfheal.core.agent.EtcdSnapshotter} keeps etcd snapshots;
 *       {@link dev.selfheal.core.agent.ControlPlaneRecovery} rebuilds the control-plane manifests from etcd
 *       state;</li>
 *   <li>the {@link dev.selfheal.core.agent.AgentReporter} speaks
 *       {@link dev.selfheal.core.health.AgentProtocol} with the healer: heartbeat Lease, node conditions,
 *       restart requests.</li>
 * </ul>
 * Entry point: {@link dev.selfheal.core.agent.NodeAgent}.
 */
package dev.selfheal.core.agent;
