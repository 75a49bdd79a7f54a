package dev.selfheal.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * A Kubernetes component on a node, as the node agent reports it. The {@link #conditionType()} is the node
 * condition the agent sets to {@code True} while the component is unhealthy (node-problem-detector style:
 * a True condition means a problem).
 */
public enum Component {
    /** The kubelet. */
    KUBELET("KubeletUnhealthy"),
    /** containerd, CRI-O or another CRI runtime. */
    CONTAINER_RUNTIME("ContainerRuntimeUnhealthy"),
    /** kube-proxy. */
    KUBE_PROXY("KubeProxyUnhealthy"),
    /** etcd. */
    ETCD("EtcdUnhealthy"),
    /** kube-apiserver. */
    KUBE_APISERVER("KubeAPIServerUnhealthy"),
    /** kube-scheduler. */
    KUBE_SCHEDULER("KubeSchedulerUnhealthy"),
    /** kube-controller-manager. */
    KUBE_CONTROLLER_MANAGER("KubeControllerManagerUnhealthy");

    private final String conditionType;

    Component(String conditionType) {
        this.conditionType = conditionType;
    }

    /** The node condition type the agent sets to True while this component is unhealthy. */
    public String conditionType() {
        return conditionType;
    }

    /** The name used in configuration and restart requests: {@code kubelet}, {@code container-runtime}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The component with this {@link #id()}. */
    public static Optional<Component> ofId(String id) {
        for (Component c : values()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The component whose condition type this is. */
    public static Optional<Component> ofConditionType(String type) {
        for (Component c : values()) {
            if (c.conditionType.equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
