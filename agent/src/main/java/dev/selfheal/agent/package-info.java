/**
 * The node agent: runs on every machine and keeps the node at its desired state from a local configuration
 * ({@link dev.selfheal.agent.AgentConfig}) alone, whether the API server answers or not.
 * <ul>
 *   <li>components run through a {@link dev.selfheal.agent.runtime.ComponentRuntime} (systemd unit, plain process,
 *       static pod), probed by a {@link dev.selfheal.agent.probe.HealthProbe}, restarted with backoff within a
 *       budget, then escalated to the cluster healer;</li>
 *   <li>OS checks report node-problem-detector condition types;</li>
 *   <li>the {@link dev.selfheal.agent.checkpoint.Checkpointer} keeps atomic, checksummed manifest checkpoints and
 *       restores them; {@link dev.selfheal.agent.checkpoint.EtcdSnapshotter} keeps etcd snapshots;
 *       {@link dev.selfheal.agent.recover.ControlPlaneRecovery} rebuilds the control-plane manifests from etcd
 *       state;</li>
 *   <li>the {@link dev.selfheal.agent.report.AgentReporter} speaks
 *       {@link dev.selfheal.protocol.RestartRequest} with the healer: heartbeat Lease, node conditions,
 *       restart requests.</li>
 * </ul>
 * Entry point: {@link dev.selfheal.agent.NodeAgent}.
 */
package dev.selfheal.agent;
