/**
 * The agent's own small Kubernetes API client over the JDK's {@code java.net.http.HttpClient}: the kubeconfig or
 * in-cluster ServiceAccount it connects with ({@link dev.selfheal.agent.kube.KubeApi#connect}), TLS verified by
 * default, and the few verbs the agent needs (get, create, merge and strategic-merge patches, server-side apply,
 * watch), JSON in and out through the agent's small JSON reader and writer. No typed model: the agent touches
 * its Lease, its Node and its mirror ConfigMap only.
 */
package dev.selfheal.agent.kube;
