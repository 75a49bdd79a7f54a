package dev.selfheal.core.health;

/** The layers of a node, lowest first. Diagnosis picks the lowest failing layer as the root cause. */
public enum Layer {
    /** The machine, VM or BMC under the node. */
    INFRASTRUCTURE,
    /** The operating system: file systems, disks, kernel, clock, network. */
    OS,
    /** Kubernetes components: kubelet, container runtime, kube-proxy, control-plane components. */
    COMPONENTS,
    /** Pods and their volumes. */
    PODS
}
