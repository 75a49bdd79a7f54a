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
 *   <li>the {@link dev.selfheal.agent.report.AgentReporter} speaks the healer/agent protocol
 *       ({@code dev.selfheal.protocol}) with the healer: heartbeat Lease, node conditions, restart requests and
 *       their acknowledgements.</li>
 * </ul>
 * Entry points: {@link dev.selfheal.agent.NodeAgent}, configured by {@link dev.selfheal.agent.AgentConfig} (read
 * by {@link dev.selfheal.agent.AgentConfigReader}). Packages by role, bottom up: {@code config}, {@code runtime},
 * {@code probe}, {@code checkpoint}, {@code report}, {@code os}, {@code supervise}, {@code recover}, this one on
 * top; {@code internal} holds shared helpers. The agent never uses the healer ({@code selfheal-core}).
 */
package dev.selfheal.agent;
