/**
 * Checkpoints: atomic, checksummed copies of each control-plane manifest
 * ({@link dev.selfheal.agent.checkpoint.Checkpointer}), etcd snapshots
 * ({@link dev.selfheal.agent.checkpoint.EtcdSnapshotter}) and the mirror of the manifests in a ConfigMap.
 */
package dev.selfheal.agent.checkpoint;
