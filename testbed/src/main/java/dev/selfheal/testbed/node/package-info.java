/** Real Kubernetes nodes (kubelet + containerd in namespaces of their own) and locally built OCI images. */
package dev.selfheal.testbed.node;
