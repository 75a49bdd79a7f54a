/**
 * Control-plane recovery when every control-plane component is gone: the manifests rebuilt from etcd's own state
 * ({@link dev.selfheal.agent.recover.ControlPlaneRecovery}).
 */
package dev.selfheal.agent.recover;
