/**
 * The healer's Kubernetes layer, on fabric8: {@link dev.selfheal.core.kube.InformerSnapshotSource} (watches
 * turned into snapshots, no polling), {@link dev.selfheal.core.kube.KubeClusterOperations} (taints, cordon,
 * releasing a fenced node's pods and volume attachments, restart requests to the node agent),
 * {@link dev.selfheal.core.kube.KubeEventRecorder} (Events on Nodes),
 * {@link dev.selfheal.core.kube.LeaseRemediationStore} (remediation records in Leases),
 * {@link dev.selfheal.core.kube.Leadership} (leader election) and
 * {@link dev.selfheal.core.kube.RbacManifests} (the exact RBAC all of this needs).
 */
package dev.selfheal.core.kube;
