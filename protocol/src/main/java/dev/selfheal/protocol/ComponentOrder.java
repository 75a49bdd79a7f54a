package dev.selfheal.protocol;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of several failed components to name as the cause: the one lowest in the stack first, since the
 * others may fail because of it: container runtime, kubelet, etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, kube-proxy. Also parses the component named in an agent escalation's reason.
 */
public final class ComponentOrder {

    /** The components, root-cause candidates first. */
    public static final List<Component> ORDER = List.of(Component.CONTAINER_RUNTIME, Component.KUBELET,
            Component.ETCD, Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER,
            Component.KUBE_PROXY);

    /** Orders components by {@link #ORDER}. */
    public static final Comparator<Component> ROOT_CAUSE_FIRST = Comparator.comparingInt(ComponentOrder::rank);

    private ComponentOrder() {
    }

    /** The component's place in {@link #ORDER}; components added later rank last. */
    public static int rank(Component c) {
        int i = ORDER.indexOf(c);
        return i < 0 ? ORDER.size() : i;
    }

    /**
     * The component an agent escalation names in its condition reason. The agreed format is
     * {@code reason = }{@link Component#id()} ({@code kubelet}, {@code container-runtime}); the CamelCase form
     * ({@code ContainerRuntime}), the enum name ({@code CONTAINER_RUNTIME}) and the component's condition type
     * ({@code KubeletUnhealthy}) are accepted as well.
     *
     * @param reason the condition reason, possibly null
     * @return the component, or empty when the reason names none
     */
    public static Optional<Component> parseReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return Optional.empty();
        }
        String r = reason.strip();
        Optional<Component> byType = Component.ofConditionType(r);
        if (byType.isPresent()) {
            return byType;
        }
        String squashed = squash(r);
        for (Component c : Component.values()) {
            if (squash(c.id()).equals(squashed)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String squash(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
